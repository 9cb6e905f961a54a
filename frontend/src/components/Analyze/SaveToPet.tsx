import { useId, useRef, useState } from 'react'
import { Link } from 'react-router'
import { errorMessage, type Analysis } from '../../api'
import { useSaveAnalysis } from '../../hooks/useAnalysisActions'
import { usePets } from '../../hooks/usePets'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { Card } from '../ui/Card'

/**
 * Saves the analysis on screen (POST /analyses/{id}/save) into a new pet or an existing one, without
 * re-analysing. Buttons are disabled while a save is pending, and the server answers a repeated save of
 * the same analysis with the same pet, so a double click makes one pet.
 */
export function SaveToPet({ analysis }: { analysis: Analysis }) {
  const nameId = useId()
  const petSelectId = useId()
  const pets = usePets()
  const save = useSaveAnalysis()
  const [name, setName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [petId, setPetId] = useState('')
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string; petId?: string } | null>(null)
  const analysisId = analysis.analysis_id
  // A second click can land before React re-renders the disabled button: one save at a time, whatever the DOM says.
  const inFlight = useRef(false)

  const run = (body: { name: string } | { pet_id: string }, success: (petName: string) => string) => {
    if (!analysisId || inFlight.current) return
    inFlight.current = true
    setMessage(null)
    save.mutate(
      { analysisId, body },
      {
        onSettled: () => {
          inFlight.current = false
        },
        onSuccess: (pet) => setMessage({ tone: 'success', text: success(pet.name), petId: pet.id }),
        onError: (error) => setMessage({ tone: 'error', text: errorMessage(error) }),
      },
    )
  }

  const saveNew = () => {
    if (!name.trim()) {
      setNameError('Give your pet a name.')
      return
    }
    setNameError(null)
    run({ name: name.trim() }, (petName) => `${petName} is saved to your pets, with this analysis in their history.`)
  }

  return (
    <Card aria-labelledby="save-pet-title">
      <h2 id="save-pet-title" className="text-lg font-semibold text-slate-900">Keep this result</h2>
      {analysis.is_confident === false ? (
        <p className="mt-1 text-sm text-slate-700" data-testid="breed-to-save">Breed to save: <span className="font-medium text-slate-900">not known yet</span> (saved as a {analysis.species} of unknown breed; choose the breed above if you know it)</p>
      ) : (
        <p className="mt-1 text-sm text-slate-700" data-testid="breed-to-save">Breed to save: <span className="font-medium text-slate-900">{analysis.breed}</span></p>
      )}
      {!analysisId && <Alert tone="warning">This result could not be stored, so it cannot be saved to a pet. Please analyze the photo again.</Alert>}
      <div aria-live="polite" className="mt-3 empty:hidden">
        {message && (
          <Alert tone={message.tone}>
            {message.text} {message.petId && <Link className="font-semibold underline" to={`/pets/${message.petId}`}>View pet</Link>}
          </Alert>
        )}
      </div>
      <div className="mt-4 grid gap-6 md:grid-cols-2">
        <form
          className="space-y-2"
          aria-label="Save as my pet"
          onSubmit={(event) => {
            event.preventDefault()
            saveNew()
          }}
        >
          <label htmlFor={nameId} className="block text-sm font-medium text-slate-800">Pet name</label>
          <input id={nameId} value={name} maxLength={100} onChange={(event) => setName(event.target.value)} aria-invalid={nameError ? true : undefined} aria-describedby={`${nameId}-error`} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm" />
          <p id={`${nameId}-error`} aria-live="polite" className="text-xs font-medium text-rose-700">{nameError}</p>
          <Button type="submit" loading={save.isPending && 'name' in (save.variables?.body ?? {})} disabled={!analysisId || save.isPending}>Save as my pet</Button>
        </form>
        <div className="space-y-2">
          <label htmlFor={petSelectId} className="block text-sm font-medium text-slate-800">Add to an existing pet</label>
          <select id={petSelectId} value={petId} onChange={(event) => setPetId(event.target.value)} disabled={!pets.data?.length} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm">
            <option value="">{pets.isPending ? 'Loading your pets…' : pets.data?.length ? 'Choose a pet' : 'No pets yet'}</option>
            {pets.data?.map((pet) => <option key={pet.id} value={pet.id}>{pet.name}</option>)}
          </select>
          <Button
            variant="secondary"
            onClick={() => run({ pet_id: petId }, (petName) => `Added to ${petName}'s history.`)}
            disabled={!petId || !analysisId || save.isPending}
            loading={save.isPending && 'pet_id' in (save.variables?.body ?? {})}
          >
            Add to this pet
          </Button>
        </div>
      </div>
    </Card>
  )
}

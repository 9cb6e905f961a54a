import { useId, useState } from 'react'
import { Link } from 'react-router'
import { errorMessage, type Analysis } from '../../api'
import { useCreatePet, usePets, useUpdatePet } from '../../hooks/usePets'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { Card } from '../ui/Card'

interface SaveToPetProps {
  analysis: Analysis
  breed: string
  /** Re-sends the photo with pet_id so the analysis lands in that pet's history. */
  onAttach: (petId: string) => Promise<Analysis | undefined>
  attaching: boolean
}

export function SaveToPet({ analysis, breed, onAttach, attaching }: SaveToPetProps) {
  const nameId = useId()
  const petSelectId = useId()
  const pets = usePets()
  const createPet = useCreatePet()
  const updatePet = useUpdatePet()
  const [name, setName] = useState('')
  const [nameError, setNameError] = useState<string | null>(null)
  const [petId, setPetId] = useState('')
  const [savingNew, setSavingNew] = useState(false)
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string; petId?: string } | null>(null)
  const chosenBreed = breed.trim() || analysis.breed
  const manual = chosenBreed !== analysis.breed

  const saveNew = async () => {
    if (!name.trim()) {
      setNameError('Give your pet a name.')
      return
    }
    setNameError(null)
    setMessage(null)
    setSavingNew(true)
    try {
      const pet = await createPet.mutateAsync({
        name: name.trim(),
        species: analysis.species,
        breed: chosenBreed,
        breed_confidence: manual ? null : analysis.confidence,
        ...(analysis.image_url ? { image_url: analysis.image_url } : {}),
      })
      // This analysis ran without a pet: re-sending the photo with pet_id puts it in the new pet's history.
      let inHistory = false
      try {
        const attached = await onAttach(pet.id)
        // The attached analysis sets the pet's breed to the detected one; a breed the owner chose wins.
        if (manual) await updatePet.mutateAsync({ id: pet.id, body: { breed: chosenBreed, breed_confidence: null } })
        inHistory = attached !== undefined && !attached.degraded.includes('history_save')
      } catch {
        inHistory = false
      }
      if (inHistory) setMessage({ tone: 'success', text: `${pet.name} is saved to your pets.`, petId: pet.id })
      else setMessage({ tone: 'error', text: `${pet.name} is saved to your pets, but this analysis could not be added to their history right now.`, petId: pet.id })
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) })
    } finally {
      setSavingNew(false)
    }
  }

  const addToExisting = async () => {
    if (!petId) return
    setMessage(null)
    try {
      const attached = await onAttach(petId)
      if (manual) await updatePet.mutateAsync({ id: petId, body: { breed: chosenBreed, breed_confidence: null } })
      const petName = pets.data?.find((candidate) => candidate.id === petId)?.name ?? 'your pet'
      if (attached?.degraded.includes('history_save'))
        setMessage({ tone: 'error', text: `The photo was analyzed again, but it could not be saved to ${petName}'s history right now. Please try again later.`, petId })
      else setMessage({ tone: 'success', text: `Added to ${petName}'s history.`, petId })
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(error) })
    }
  }

  return (
    <Card aria-labelledby="save-pet-title">
      <h2 id="save-pet-title" className="text-lg font-semibold text-slate-900">Keep this result</h2>
      <p className="mt-1 text-sm text-slate-600">Breed to save: <span className="font-medium text-slate-900">{chosenBreed}</span></p>
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
            void saveNew()
          }}
        >
          <label htmlFor={nameId} className="block text-sm font-medium text-slate-800">Pet name</label>
          <input id={nameId} value={name} maxLength={100} onChange={(event) => setName(event.target.value)} aria-invalid={nameError ? true : undefined} aria-describedby={`${nameId}-error`} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm" />
          <p id={`${nameId}-error`} aria-live="polite" className="text-xs font-medium text-rose-700">{nameError}</p>
          <Button type="submit" loading={savingNew}>Save as my pet</Button>
        </form>
        <div className="space-y-2">
          <label htmlFor={petSelectId} className="block text-sm font-medium text-slate-800">Add to an existing pet</label>
          <select id={petSelectId} value={petId} onChange={(event) => setPetId(event.target.value)} disabled={!pets.data?.length} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm">
            <option value="">{pets.isPending ? 'Loading your pets…' : pets.data?.length ? 'Choose a pet' : 'No pets yet'}</option>
            {pets.data?.map((pet) => <option key={pet.id} value={pet.id}>{pet.name}</option>)}
          </select>
          <Button variant="secondary" onClick={() => void addToExisting()} disabled={!petId} loading={attaching || updatePet.isPending}>Add to this pet</Button>
        </div>
      </div>
    </Card>
  )
}

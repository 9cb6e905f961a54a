import { useId, useState } from 'react'
import type { Analysis } from '../../api'
import { useBreeds } from '../../hooks/useAnalysisActions'
import type { PetSize } from '../../hooks/useAnalyses'
import { Alert } from '../ui/Alert'
import { Spinner } from '../ui/Spinner'

const SHOWN = 8
export const MIXED_BREED = 'Mixed breed'
const SIZES: { value: PetSize; label: string }[] = [
  { value: 'small', label: 'Small' },
  { value: 'medium', label: 'Medium' },
  { value: 'large', label: 'Large' },
  { value: 'giant', label: 'Giant' },
]

const chip = 'rounded-full bg-white px-3 py-1.5 text-sm text-slate-800 ring-1 ring-slate-300 hover:bg-teal-50 hover:ring-teal-300 disabled:opacity-60'

/**
 * "Not right? Choose the breed": searches every catalog breed of the species (GET /breeds), with
 * "Mixed breed" (then an optional size, one tap) and "I don't know" (the advice stays about the species).
 */
export function BreedPicker({ analysis, onChoose, onUnknown, busy, defaultOpen = false }: {
  analysis: Analysis
  onChoose: (breed: string, size?: PetSize | null) => void
  onUnknown?: () => void
  busy: boolean
  defaultOpen?: boolean
}) {
  const searchId = useId()
  const [open, setOpen] = useState(defaultOpen)
  const [mixed, setMixed] = useState(false)
  const [q, setQ] = useState('')
  const breeds = useBreeds(analysis.species, open)
  const needle = q.trim().toLowerCase()
  const matches = (breeds.data ?? []).filter(
    (breed) => (breed.name.toLowerCase().includes(needle) || (Array.isArray(breed.aliases) && breed.aliases.some((alias) => String(alias).toLowerCase().includes(needle)))) && breed.name !== analysis.breed,
  )
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} className="text-sm font-semibold text-teal-800 underline underline-offset-2 hover:text-teal-900" data-testid="open-breed-picker">
        {analysis.is_confident === false ? 'None of these? Choose the breed' : 'Not right? Choose the breed'}
      </button>
    )
  if (mixed)
    return (
      <div data-testid="mixed-size" className="space-y-2">
        <p className="text-sm font-semibold text-slate-900">A mixed breed. How big is your {analysis.species === 'cat' ? 'cat' : 'dog'} when grown? (optional)</p>
        <ul aria-label="Size" className="flex flex-wrap gap-2">
          {SIZES.map((size) => (
            <li key={size.value}><button type="button" disabled={busy} className={chip} onClick={() => onChoose(MIXED_BREED, size.value)}>{size.label}</button></li>
          ))}
          <li><button type="button" disabled={busy} className={chip} onClick={() => onChoose(MIXED_BREED, null)}>Not sure</button></li>
        </ul>
        <button type="button" className="text-xs text-slate-600 underline" onClick={() => setMixed(false)}>Back to the breed list</button>
      </div>
    )
  return (
    <div data-testid="breed-picker" className="space-y-2">
      <label htmlFor={searchId} className="block text-sm font-semibold text-slate-900">Choose the breed</label>
      <input id={searchId} type="search" value={q} onChange={(event) => setQ(event.target.value)} placeholder="Type to search, e.g. Beagle or mix" aria-controls={`${searchId}-results`} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm" />
      {breeds.isPending && <Spinner size="sm" label="Loading breeds…" />}
      {breeds.isError && <Alert>The breed list could not be loaded. Please try again.</Alert>}
      {breeds.data && (
        <>
          <p className="text-xs text-slate-600" aria-live="polite">{matches.length === 0 ? 'No breed matches.' : `${matches.length} ${matches.length === 1 ? 'breed matches' : 'breeds match'}${matches.length > SHOWN ? `; showing ${SHOWN}` : ''}.`}</p>
          <ul id={`${searchId}-results`} aria-label="Matching breeds" className="flex flex-wrap gap-2">
            {matches.slice(0, SHOWN).map((breed) => (
              <li key={breed.name}>
                <button type="button" disabled={busy} onClick={() => (breed.name === MIXED_BREED ? setMixed(true) : onChoose(breed.name))} className={chip}>
                  {breed.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {onUnknown && (
        <button type="button" disabled={busy} onClick={() => { setOpen(false); onUnknown() }} className="text-sm font-semibold text-slate-700 underline underline-offset-2" data-testid="breed-unknown">
          I don't know the breed
        </button>
      )}
    </div>
  )
}

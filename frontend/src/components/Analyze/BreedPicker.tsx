import { useId, useState } from 'react'
import type { Analysis } from '../../api'
import { useBreeds } from '../../hooks/useAnalysisActions'
import { Alert } from '../ui/Alert'
import { Spinner } from '../ui/Spinner'

const SHOWN = 8

/** "Not right? Choose the breed": searches every catalog breed of the species (GET /breeds). */
export function BreedPicker({ analysis, onChoose, busy }: { analysis: Analysis; onChoose: (breed: string) => void; busy: boolean }) {
  const searchId = useId()
  const [open, setOpen] = useState(false)
  const [q, setQ] = useState('')
  const breeds = useBreeds(analysis.species, open)
  const needle = q.trim().toLowerCase()
  const matches = (breeds.data ?? []).filter((breed) => breed.name.toLowerCase().includes(needle) && breed.name !== analysis.breed)
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)} className="text-sm font-semibold text-teal-800 underline underline-offset-2 hover:text-teal-900" data-testid="open-breed-picker">
        Not right? Choose the breed
      </button>
    )
  return (
    <div data-testid="breed-picker" className="space-y-2">
      <label htmlFor={searchId} className="block text-sm font-semibold text-slate-900">Choose the breed</label>
      <input id={searchId} type="search" value={q} onChange={(event) => setQ(event.target.value)} placeholder="Type to search, e.g. Beagle" aria-controls={`${searchId}-results`} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm" />
      {breeds.isPending && <Spinner size="sm" label="Loading breeds…" />}
      {breeds.isError && <Alert>The breed list could not be loaded. Please try again.</Alert>}
      {breeds.data && (
        <>
          <p className="text-xs text-slate-600" aria-live="polite">{matches.length === 0 ? 'No breed matches.' : `${matches.length} ${matches.length === 1 ? 'breed matches' : 'breeds match'}${matches.length > SHOWN ? `; showing ${SHOWN}` : ''}.`}</p>
          <ul id={`${searchId}-results`} aria-label="Matching breeds" className="flex flex-wrap gap-2">
            {matches.slice(0, SHOWN).map((breed) => (
              <li key={breed.name}>
                <button type="button" disabled={busy} onClick={() => onChoose(breed.name)} className="rounded-full bg-white px-3 py-1.5 text-sm text-slate-800 ring-1 ring-slate-300 hover:bg-teal-50 hover:ring-teal-300 disabled:opacity-60">
                  {breed.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}

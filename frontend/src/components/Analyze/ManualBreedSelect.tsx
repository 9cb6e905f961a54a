import { useId, useState } from 'react'
import type { Analysis } from '../../api'
import { percent } from '../../lib/format'

const OTHER = '__other__'

/** Lets the owner correct a fallback result: pick one of the candidates or type the breed. */
export function ManualBreedSelect({ analysis, value, onChange }: { analysis: Analysis; value: string; onChange: (breed: string) => void }) {
  const selectId = useId()
  const textId = useId()
  const candidates = [{ breed: analysis.breed, probability: analysis.confidence }, ...(analysis.candidates ?? [])].filter(
    (candidate, index, all) => all.findIndex((other) => other.breed.toLowerCase() === candidate.breed.toLowerCase()) === index,
  )
  const isCandidate = candidates.some((candidate) => candidate.breed === value)
  const [typing, setTyping] = useState(!isCandidate && value !== '')

  return (
    <fieldset className="mt-4 space-y-3" data-testid="manual-breed">
      <legend className="text-sm font-semibold text-slate-900">Not right? Choose the breed yourself</legend>
      <div>
        <label htmlFor={selectId} className="block text-sm font-medium text-slate-800">Breed</label>
        <select
          id={selectId}
          value={typing ? OTHER : value}
          onChange={(event) => {
            if (event.target.value === OTHER) {
              setTyping(true)
              onChange('')
            } else {
              setTyping(false)
              onChange(event.target.value)
            }
          }}
          className="mt-1 block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm"
        >
          {candidates.map((candidate) => (
            <option key={candidate.breed} value={candidate.breed}>{candidate.breed} ({percent(candidate.probability)})</option>
          ))}
          <option value={OTHER}>Another breed (type it)</option>
        </select>
      </div>
      {typing && (
        <div>
          <label htmlFor={textId} className="block text-sm font-medium text-slate-800">Breed name</label>
          <input
            id={textId}
            value={value}
            maxLength={100}
            onChange={(event) => onChange(event.target.value)}
            placeholder="e.g. Border Collie"
            className="mt-1 block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm"
          />
        </div>
      )}
    </fieldset>
  )
}

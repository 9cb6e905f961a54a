import type { Analysis } from '../../api'
import { percent } from '../../lib/format'

/** Leads an unconfident result: "We're not sure", with each alternative choosable. */
export function UncertainBreed({ analysis, onChoose, busy }: { analysis: Analysis; onChoose: (breed: string) => void; busy: boolean }) {
  const options = [{ breed: analysis.breed, confidence: analysis.confidence }, ...(analysis.alternatives ?? [])].filter(
    (option, index, all) => all.findIndex((other) => other.breed.toLowerCase() === option.breed.toLowerCase()) === index,
  )
  return (
    <div data-testid="uncertain-breed" className="rounded-2xl bg-amber-50 p-4 ring-1 ring-inset ring-amber-200">
      <h3 className="font-semibold text-amber-950">We're not sure about the breed</h3>
      <p className="mt-1 text-sm text-amber-950">
        The photo could show any of these. Pick the one that matches your pet and we will tailor the health notes and products to it.
      </p>
      <ul aria-label="Possible breeds" className="mt-3 flex flex-wrap gap-2">
        {options.map((option) => (
          <li key={option.breed}>
            <button type="button" disabled={busy} onClick={() => onChoose(option.breed)} data-testid="alternative" className="rounded-full bg-white px-3 py-1.5 text-sm font-medium text-slate-900 ring-1 ring-amber-300 hover:bg-amber-100 disabled:opacity-60">
              {option.breed} <span className="text-slate-600">({percent(option.confidence)})</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}

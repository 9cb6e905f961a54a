import type { Analysis, BreedInfo } from '../../api'
import { useBreeds } from '../../hooks/useAnalysisActions'
import { humanize, percent } from '../../lib/format'

function ifItIs(info: BreedInfo | undefined): string | null {
  if (!info) return null
  const facts = [info.size ? `${humanize(String(info.size))} size` : null, info.energy_level ? `${humanize(String(info.energy_level))} energy` : null].filter(Boolean)
  return facts.length ? facts.join(', ').toLowerCase() : null
}

/** Leads an unconfident result: each possible breed, choosable, with its traits worded "if it is a ...". */
export function UncertainBreed({ analysis, onChoose, busy }: { analysis: Analysis; onChoose: (breed: string) => void; busy: boolean }) {
  const breeds = useBreeds(analysis.species)
  const options = [{ breed: analysis.breed, confidence: analysis.confidence }, ...(analysis.alternatives ?? [])].filter(
    (option, index, all) => all.findIndex((other) => other.breed.toLowerCase() === option.breed.toLowerCase()) === index,
  )
  const byName = new Map((breeds.data ?? []).map((info) => [info.name.toLowerCase(), info]))
  return (
    <div data-testid="uncertain-breed" className="rounded-2xl bg-amber-50 p-4 ring-1 ring-inset ring-amber-200">
      <h3 className="font-semibold text-amber-950">Which of these is it?</h3>
      <p className="mt-1 text-sm text-amber-950">
        The photo could show any of these. Pick the one that matches your pet and we will tailor the health notes and products to it.
      </p>
      <ul aria-label="Possible breeds" className="mt-3 space-y-2">
        {options.map((option) => {
          const traits = ifItIs(byName.get(option.breed.toLowerCase()))
          return (
            <li key={option.breed} className="flex flex-wrap items-center gap-2">
              <button type="button" disabled={busy} onClick={() => onChoose(option.breed)} data-testid="alternative" className="rounded-full bg-white px-3 py-1.5 text-sm font-medium text-slate-900 ring-1 ring-amber-300 hover:bg-amber-100 disabled:opacity-60">
                {option.breed} <span className="text-slate-600">({percent(option.confidence)})</span>
              </button>
              {traits && <span className="text-xs text-amber-950" data-testid="if-it-is">If it is a {option.breed}: {traits}.</span>}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

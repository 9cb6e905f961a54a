import type { ReactNode, Ref } from 'react'
import type { Analysis } from '../../api'
import { formatTraitValue, humanize, percent } from '../../lib/format'
import { Card } from '../ui/Card'

function traitText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null
  if (Array.isArray(value)) return value.map(String).join(', ')
  if (typeof value === 'object') return null
  return String(value)
}

export function ConfidenceBar({ value }: { value: number }) {
  const pct = Math.round(Math.min(Math.max(value, 0), 1) * 100)
  const tone = pct >= 75 ? 'bg-emerald-500' : pct >= 45 ? 'bg-amber-500' : 'bg-rose-500'
  return (
    <div>
      <div className="flex justify-between text-sm"><span className="text-slate-600">Confidence</span><span className="font-semibold text-slate-900">{pct}%</span></div>
      <div role="meter" aria-label="Confidence" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} className="mt-1 h-2.5 overflow-hidden rounded-full bg-slate-200">
        <div className={`h-full rounded-full ${tone}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  )
}

const SOURCE_LABEL: Record<string, string> = { user: 'Chosen by you', vlm: 'Identified by our AI vision model', classifier: 'Identified by our image classifier' }

export function BreedCard({ analysis, headingRef, children }: { analysis: Analysis; headingRef?: Ref<HTMLHeadingElement>; children?: ReactNode }) {
  const unsure = analysis.is_confident === false
  const traits = Object.entries(analysis.traits ?? {})
    .map(([name, value]) => [name, traitText(value)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== null)
  return (
    <Card data-testid="breed-card" aria-labelledby="breed-card-title">
      <p className="text-sm font-medium uppercase tracking-wide text-teal-800">{humanize(analysis.species)}</p>
      <h2 id="breed-card-title" ref={headingRef} tabIndex={-1} className="mt-1 text-2xl font-bold text-slate-900 outline-none">{unsure ? `A ${analysis.species === 'dog' ? 'dog' : analysis.species === 'cat' ? 'cat' : 'pet'}: we're not sure of the breed` : analysis.breed}</h2>
      {analysis.species_source === 'user' && <p className="mt-1 text-xs text-slate-600">{humanize(analysis.species)}, as you told us</p>}
      {analysis.original_breed ? (
        <p className="mt-1 text-xs text-slate-600" data-testid="breed-source">Identified as {analysis.original_breed}, corrected by you</p>
      ) : (
        analysis.breed_source && !unsure && <p className="mt-1 text-xs text-slate-600" data-testid="breed-source">{SOURCE_LABEL[analysis.breed_source] ?? ''}</p>
      )}
      {children && <div className="mt-4">{children}</div>}
      {analysis.is_mixed && analysis.breed !== 'Mixed breed' && (
        <p className="mt-1 text-sm text-slate-600">
          Mixed breed{analysis.parent_breeds?.length ? <>: likely <span className="font-medium text-slate-800">{analysis.parent_breeds.join(' × ')}</span></> : null}
        </p>
      )}
      {analysis.breed_source !== 'user' && !unsure && <div className="mt-4"><ConfidenceBar value={analysis.confidence} /></div>}
      {!unsure && analysis.description && <p className="mt-4 text-sm leading-relaxed text-slate-700">{analysis.description}</p>}
      {unsure && traits.length > 0 && <p className="mt-4 text-xs text-slate-600">What every likely breed has in common:</p>}
      {traits.length > 0 && (
        <dl className="mt-5 grid grid-cols-1 gap-3 sm:grid-cols-2">
          {traits.map(([name, value]) => (
            <div key={name} className="rounded-xl bg-slate-50 px-3 py-2">
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-600">{humanize(name)}</dt>
              <dd className="text-sm font-medium text-slate-900">{formatTraitValue(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {!unsure && <p className="sr-only">Confidence {percent(analysis.confidence)}</p>}
    </Card>
  )
}

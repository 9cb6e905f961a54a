import type { HealthInfo } from '../../api'
import { SourceList } from '../Ask/SourceList'
import { Card } from '../ui/Card'

export function HealthPanel({ health, breed, speciesLevel }: { health: HealthInfo | null; breed: string; speciesLevel?: string }) {
  return (
    <Card data-testid="health-panel" aria-labelledby="health-panel-title">
      <h2 id="health-panel-title" className="text-lg font-semibold text-slate-900">Health insights</h2>
      {speciesLevel && (
        <p data-testid="species-level" className="mt-2 rounded-lg bg-sky-50 px-3 py-2 text-sm text-sky-950 ring-1 ring-inset ring-sky-200">
          General advice for {speciesLevel}, not specific to a breed. Choose the breed above for breed-specific notes.
        </p>
      )}
      {!health ? (
        <p className="mt-2 text-sm text-slate-600">Health information for {breed} is not available right now. Try the Ask page later.</p>
      ) : (
        <>
          <p className="mt-2 text-sm leading-relaxed text-slate-700">{health.summary}</p>
          {health.common_conditions.length > 0 && (
            <>
              <h3 className="mt-4 text-xs font-semibold uppercase tracking-wide text-slate-600">Common conditions</h3>
              <ul className="mt-2 flex flex-wrap gap-2">
                {health.common_conditions.map((condition) => (
                  <li key={condition} className="rounded-full bg-rose-50 px-3 py-1 text-xs font-medium text-rose-800 ring-1 ring-rose-200">{condition}</li>
                ))}
              </ul>
            </>
          )}
          <SourceList sources={health.sources ?? []} heading="Sources for these notes" />
          <p className="mt-4 text-xs text-slate-600">General information, not a diagnosis. Ask your veterinarian about your pet.</p>
        </>
      )}
    </Card>
  )
}

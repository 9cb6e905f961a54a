import type { PetAnalysis } from '../../api'
import { formatDate, percent } from '../../lib/format'

export function AnalysisHistory({ analyses }: { analyses: PetAnalysis[] }) {
  return (
    <ul data-testid="analysis-history" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {analyses.map((analysis) => (
        <li key={analysis.id} data-testid="analysis-item" className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
          <img src={analysis.image_url} alt={`Analyzed ${formatDate(analysis.created_at)}`} loading="lazy" className="h-40 w-full bg-slate-100 object-cover" />
          <div className="p-4">
            <p className="font-semibold text-slate-900">{analysis.breed_detected}</p>
            <p className="text-sm text-slate-600">{percent(analysis.confidence)} confidence · {formatDate(analysis.created_at)}</p>
          </div>
        </li>
      ))}
    </ul>
  )
}

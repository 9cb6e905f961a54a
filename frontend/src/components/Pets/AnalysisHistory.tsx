import type { PetAnalysis } from '../../api'
import { breedDetail, breedHeadline, shownRecord, thumbnailOf } from '../../lib/breedLabel'
import { formatDate } from '../../lib/format'

export function AnalysisHistory({ analyses, species }: { analyses: PetAnalysis[]; species?: string }) {
  return (
    <ul data-testid="analysis-history" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {analyses.map((analysis) => {
        const shown = shownRecord(analysis, species)
        return (
          <li key={analysis.id} data-testid="analysis-item" className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
            <a href={analysis.image_url} target="_blank" rel="noreferrer" aria-label={`Open the photo of ${formatDate(analysis.created_at)} in full size`}>
              <img src={thumbnailOf(analysis.image_url, analysis.thumbnail_url)} alt={`Analyzed ${formatDate(analysis.created_at)}`} loading="lazy" className="h-40 w-full bg-slate-100 object-cover" />
            </a>
            <div className="p-4">
              <p className="font-semibold text-slate-900">{breedHeadline(shown)}</p>
              <p className="text-sm text-slate-600">{breedDetail(shown)} · {formatDate(analysis.created_at)}</p>
            </div>
          </li>
        )
      })}
    </ul>
  )
}

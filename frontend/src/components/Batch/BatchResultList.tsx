import type { BatchItem } from '../../hooks/useJobs'

/** The batch's photos in upload order: waiting, analysed (breed, confidence, save) or refused (why). */
export function BatchResultList({ names, items, onSave, savedIds }: { names: string[]; items: BatchItem[]; onSave: (analysisId: string, name: string) => void; savedIds: Set<string> }) {
  return (
    <ol className="divide-y divide-slate-100" aria-label="Batch results" data-testid="batch-results">
      {items.map((item, index) => (
        <li key={names[index] + String(index)} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm" data-testid="batch-item">
          <span className="font-medium text-slate-900">{index + 1}. {names[index]}</span>
          {item === null && <span className="text-slate-600">Waiting…</span>}
          {item !== null && 'error' in item && <span role="alert" className="text-rose-800">Not analysed: {item.error.message}</span>}
          {item !== null && 'analysis' in item && (
            <span className="flex items-center gap-3">
              <span className="text-slate-800">{item.analysis.breed} ({Math.round(item.analysis.confidence * 100)} %)</span>
              {savedIds.has(item.analysis.analysis_id) ? (
                <span className="text-emerald-800">Saved</span>
              ) : (
                <button type="button" className="rounded-lg px-3 py-1 font-medium text-teal-800 ring-1 ring-teal-200 hover:bg-teal-50" onClick={() => onSave(item.analysis.analysis_id, names[index])} aria-label={`Save ${names[index]} as a new pet`}>
                  Save as pet
                </button>
              )}
            </span>
          )}
        </li>
      ))}
    </ol>
  )
}

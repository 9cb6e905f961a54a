import type { Source } from '../../api'
import { humanize } from '../../lib/format'

export function SourceList({ sources, heading = 'Sources' }: { sources: Source[]; heading?: string }) {
  if (sources.length === 0) return null
  return (
    <div className="mt-4">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{heading}</h3>
      <ol data-testid="source-list" className="mt-2 space-y-2">
        {sources.map((source, index) => (
          <li key={`${source.document_id}-${source.chunk_index}`} data-testid="source-item" className="flex gap-3 rounded-xl bg-slate-50 p-3 text-sm">
            <span className="grid h-6 w-6 shrink-0 place-items-center rounded-full bg-teal-100 text-xs font-bold text-teal-800">{index + 1}</span>
            <div className="min-w-0">
              <p className="font-medium text-slate-900">{source.title}<span className="ml-2 text-xs font-normal text-slate-500">{humanize(source.document_type)}</span></p>
              {source.excerpt && <p className="mt-1 line-clamp-3 text-slate-600">{source.excerpt}</p>}
            </div>
          </li>
        ))}
      </ol>
    </div>
  )
}

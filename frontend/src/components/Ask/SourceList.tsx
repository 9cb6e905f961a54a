import { useState } from 'react'
import type { Source } from '../../api'
import { humanize } from '../../lib/format'
import { SourceViewer } from './SourceViewer'

/** Numbered source cards; `anchorPrefix` gives each an id the answer's [n] markers link to. */
export function SourceList({ sources, heading = 'Sources', anchorPrefix }: { sources: Source[]; heading?: string; anchorPrefix?: string }) {
  const [open, setOpen] = useState<Source | null>(null)
  if (sources.length === 0) return null
  return (
    <div className="mt-4">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">{heading}</h3>
      <ol data-testid="source-list" className="mt-2 space-y-2">
        {sources.map((source, index) => (
          <li key={`${source.document_id}-${source.chunk_index}-${index}`} id={anchorPrefix ? `${anchorPrefix}-${index + 1}` : undefined} tabIndex={anchorPrefix ? -1 : undefined} data-testid="source-item" className="flex gap-3 rounded-xl bg-slate-50 p-3 text-sm outline-none target:ring-2 target:ring-teal-700 focus:ring-2 focus:ring-teal-700">
            <span className="grid h-6 w-6 shrink-0 place-items-center rounded-full bg-teal-100 text-xs font-bold text-teal-900">{index + 1}</span>
            <div className="min-w-0">
              <p className="font-medium text-slate-900">
                <button type="button" onClick={() => setOpen(source)} className="text-left underline decoration-slate-400 underline-offset-2 hover:decoration-teal-700" aria-label={`Open source ${index + 1}: ${source.title}`}>{source.title}</button>
                <span className="ml-2 text-xs font-normal text-slate-600">{humanize(source.document_type)}</span>
              </p>
              {source.excerpt && <p className="mt-1 line-clamp-3 break-words text-slate-700">{source.excerpt}</p>}
            </div>
          </li>
        ))}
      </ol>
      {open && <SourceViewer documentId={open.document_id} excerpt={open.excerpt} onClose={() => setOpen(null)} />}
    </div>
  )
}

import type { KnowledgeDocument } from '../../api'
import type { DocumentSort } from '../../lib/documentList'
import { formatDate, humanize } from '../../lib/format'
import { ProgressBar } from '../ui/ProgressBar'

const COLUMNS: { key: DocumentSort; label: string; align?: string }[] = [
  { key: 'title', label: 'Title' },
  { key: 'type', label: 'Type' },
  { key: 'chunks', label: 'Chunks', align: 'sm:text-right' },
  { key: 'added', label: 'Added' },
]

function StatusBadge({ status }: { status?: string }) {
  const value = status ?? 'ready'
  const tone = /fail|error/i.test(value) ? 'bg-rose-50 text-rose-800 ring-rose-200' : /pend|process|index/i.test(value) ? 'bg-amber-50 text-amber-900 ring-amber-200' : 'bg-emerald-50 text-emerald-800 ring-emerald-200'
  return <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tone}`}>{humanize(value)}</span>
}

/** Ready or failed as a badge; while indexing, the chunks embedded so far; a failure says why. */
function DocumentState({ document }: { document: KnowledgeDocument }) {
  const state = document.state ?? document.status
  if (state === 'processing' && document.progress) {
    const { chunks_done: done, chunks_total: total } = document.progress
    return <ProgressBar value={total ? done / total : 0} label={total ? `Indexing: ${done} of ${total} chunks` : 'Reading the file…'} />
  }
  return (
    <div className="space-y-1">
      <StatusBadge status={state} />
      {state === 'failed' && document.error && <p className="text-xs text-rose-800" data-testid="document-error">{document.error}</p>}
    </div>
  )
}

/**
 * A table on wider screens; on a phone each row becomes a stacked card (labels shown inline) so the Delete
 * action is never off-screen.
 */
export function DocumentTable({ documents, onDelete, sort, descending, onSort }: { documents: KnowledgeDocument[]; onDelete: (document: KnowledgeDocument) => void; sort: DocumentSort; descending: boolean; onSort: (sort: DocumentSort) => void }) {
  return (
    <table className="block w-full text-sm sm:table sm:divide-y sm:divide-slate-200" data-testid="document-table">
      <caption className="sr-only">Knowledge base documents</caption>
      <thead className="hidden sm:table-header-group">
        <tr className="text-left text-xs uppercase tracking-wide text-slate-600">
          {COLUMNS.map((column) => (
            <th key={column.key} scope="col" aria-sort={sort === column.key ? (descending ? 'descending' : 'ascending') : undefined} className={`py-2 pr-4 ${column.align ?? ''}`}>
              <button type="button" onClick={() => onSort(column.key)} className="inline-flex items-center gap-1 font-semibold uppercase hover:text-slate-900">
                {column.label}
                <span aria-hidden="true">{sort === column.key ? (descending ? '▼' : '▲') : ''}</span>
              </button>
            </th>
          ))}
          <th scope="col" className="py-2 pr-4">Status</th>
          <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody className="block divide-y divide-slate-100 sm:table-row-group">
        {documents.map((document) => (
          <tr key={document.id} data-testid="document-item" className="grid grid-cols-2 gap-x-3 gap-y-1 py-3 sm:table-row">
            <td className="col-span-2 break-words font-medium text-slate-900 sm:py-3 sm:pr-4">{document.title}</td>
            <td className="text-slate-700 sm:py-3 sm:pr-4"><span className="text-xs text-slate-600 sm:hidden">Type: </span>{humanize(String(document.document_type))}</td>
            <td className="tabular-nums text-slate-900 sm:py-3 sm:pr-4 sm:text-right"><span className="text-xs text-slate-600 sm:hidden">Chunks: </span>{document.chunk_count}</td>
            <td className="text-slate-700 sm:py-3 sm:pr-4"><span className="text-xs text-slate-600 sm:hidden">Added: </span>{formatDate(document.created_at)}</td>
            <td className="sm:py-3 sm:pr-4"><DocumentState document={document} /></td>
            <td className="col-span-2 sm:py-3 sm:text-right">
              <button type="button" onClick={() => onDelete(document)} className="rounded-lg px-3 py-1.5 text-sm font-medium text-rose-800 ring-1 ring-rose-200 hover:bg-rose-50 sm:ring-0" aria-label={`Delete ${document.title}`}>Delete</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

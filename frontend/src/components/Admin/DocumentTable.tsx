import type { KnowledgeDocument } from '../../api'
import { formatDate, humanize } from '../../lib/format'

export function DocumentTable({ documents, onDelete }: { documents: KnowledgeDocument[]; onDelete: (document: KnowledgeDocument) => void }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="document-table">
        <caption className="sr-only">Knowledge base documents</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 pr-4">Title</th>
            <th scope="col" className="py-2 pr-4">Type</th>
            <th scope="col" className="py-2 pr-4 text-right">Chunks</th>
            <th scope="col" className="py-2 pr-4">Added</th>
            <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {documents.map((document) => (
            <tr key={document.id} data-testid="document-item">
              <td className="py-3 pr-4 font-medium text-slate-900">{document.title}</td>
              <td className="py-3 pr-4 text-slate-600">{humanize(String(document.document_type))}</td>
              <td className="py-3 pr-4 text-right tabular-nums text-slate-900">{document.chunk_count}</td>
              <td className="py-3 pr-4 text-slate-600">{formatDate(document.created_at)}</td>
              <td className="py-3 text-right">
                <button type="button" onClick={() => onDelete(document)} className="rounded-lg px-3 py-1.5 text-sm font-medium text-rose-700 hover:bg-rose-50" aria-label={`Delete ${document.title}`}>Delete</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

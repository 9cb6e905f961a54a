import { useId, useState } from 'react'
import { errorMessage, type KnowledgeDocument } from '../api'
import { DocumentTable } from '../components/Admin/DocumentTable'
import { DocumentUploadForm } from '../components/Admin/DocumentUploadForm'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { ConfirmDialog } from '../components/ui/ConfirmDialog'
import { EmptyState } from '../components/ui/EmptyState'
import { PageLoader } from '../components/ui/Spinner'
import { useDeleteDocument, useDocuments } from '../hooks/useKnowledgeBase'
import { Pagination } from '../components/ui/Pagination'
import { DOCUMENTS_PAGE_SIZE, viewDocuments, type DocumentSort, type DocumentView } from '../lib/documentList'

export default function AdminKnowledgePage() {
  const documents = useDocuments()
  const remove = useDeleteDocument()
  const [pending, setPending] = useState<KnowledgeDocument | null>(null)
  const searchId = useId()
  const typeId = useId()
  const [view, setView] = useState<DocumentView>({ q: '', type: '', sort: 'added', descending: true, page: 1 })
  const shown = documents.data ? viewDocuments(documents.data, view) : null
  const onSort = (sort: DocumentSort) => setView((current) => ({ ...current, sort, descending: current.sort === sort ? !current.descending : sort === 'added' || sort === 'chunks', page: 1 }))

  return (
    <div className="space-y-6">
      <PageHeader title="Knowledge base" description="Documents the Ask page and health insights draw on." />
      <Card aria-labelledby="upload-title">
        <h2 id="upload-title" className="mb-4 text-lg font-semibold text-slate-900">Upload a document</h2>
        <DocumentUploadForm />
      </Card>
      <Card aria-labelledby="documents-title">
        <h2 id="documents-title" className="mb-4 text-lg font-semibold text-slate-900">Documents{documents.data ? ` (${documents.data.length})` : ''}</h2>
        {documents.isPending && <PageLoader label="Loading documents…" />}
        {documents.isError && <Alert title="Documents could not be loaded" action={<Button variant="secondary" onClick={() => void documents.refetch()}>Try again</Button>}>{errorMessage(documents.error)}</Alert>}
        {documents.data?.length === 0 && <EmptyState icon="book" title="The knowledge base is empty" description="Upload breed guides and health articles so answers can cite them." />}
        {documents.data && documents.data.length > 0 && shown && (
          <>
            <div className="mb-4 flex flex-col gap-3 sm:flex-row">
              <div className="flex-1">
                <label htmlFor={searchId} className="sr-only">Search documents</label>
                <input id={searchId} type="search" value={view.q} onChange={(event) => setView((current) => ({ ...current, q: event.target.value, page: 1 }))} placeholder="Search by title, source or breed" className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm" />
              </div>
              <div className="sm:w-48">
                <label htmlFor={typeId} className="sr-only">Filter by type</label>
                <select id={typeId} value={view.type} onChange={(event) => setView((current) => ({ ...current, type: event.target.value, page: 1 }))} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm">
                  <option value="">All types</option>
                  <option value="breed_guide">Breed guide</option>
                  <option value="health_info">Health info</option>
                  <option value="nutrition">Nutrition</option>
                  <option value="care">Care</option>
                </select>
              </div>
              <div className="sm:hidden">
                <label htmlFor={`${typeId}-sort`} className="sr-only">Sort by</label>
                <select id={`${typeId}-sort`} value={view.sort} onChange={(event) => onSort(event.target.value as DocumentSort)} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300">
                  <option value="added">Newest first</option>
                  <option value="title">Title</option>
                  <option value="type">Type</option>
                  <option value="chunks">Most chunks</option>
                </select>
              </div>
            </div>
            <p className="mb-2 text-sm text-slate-700" aria-live="polite">{shown.total === documents.data.length ? `${shown.total} documents` : `${shown.total} of ${documents.data.length} documents match`}</p>
            <DocumentTable documents={shown.items} onDelete={setPending} sort={view.sort} descending={view.descending} onSort={onSort} />
            <Pagination page={shown.page} pageSize={DOCUMENTS_PAGE_SIZE} total={shown.total} onPage={(page) => setView((current) => ({ ...current, page }))} label="Document pages" />
          </>
        )}
      </Card>
      <ConfirmDialog
        open={pending !== null}
        title={`Delete “${pending?.title ?? ''}”?`}
        confirmLabel="Delete document"
        busy={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : undefined}
        onCancel={() => { setPending(null); remove.reset() }}
        onConfirm={() => pending && remove.mutate(pending.id, { onSuccess: () => setPending(null) })}
      >
        Its passages will no longer be used in answers.
      </ConfirmDialog>
    </div>
  )
}

import { useState } from 'react'
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

export default function AdminKnowledgePage() {
  const documents = useDocuments()
  const remove = useDeleteDocument()
  const [pending, setPending] = useState<KnowledgeDocument | null>(null)

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
        {documents.data && documents.data.length > 0 && <DocumentTable documents={documents.data} onDelete={setPending} />}
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

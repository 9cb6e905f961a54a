import { useState } from 'react'
import { Link } from 'react-router'
import { errorMessage, type Analysis } from '../api'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { PageHeader } from '../components/ui/Card'
import { ConfirmDialog } from '../components/ui/ConfirmDialog'
import { EmptyState } from '../components/ui/EmptyState'
import { PageLoader } from '../components/ui/Spinner'
import { useAnalysesList, useDeleteAnalysis } from '../hooks/useAnalyses'
import { breedDetail, breedHeadline, shownAnalysis, thumbnailOf } from '../lib/breedLabel'
import { formatDate } from '../lib/format'

const PAGE_SIZE = 12

/** Every analysis the user ran, saved to a pet or not, newest first: open, save to a pet, delete. */
export default function IdentificationsPage() {
  const [page, setPage] = useState(1)
  const list = useAnalysesList(page, PAGE_SIZE)
  const remove = useDeleteAnalysis()
  const [deleting, setDeleting] = useState<Analysis | null>(null)
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / PAGE_SIZE)) : 1

  return (
    <div>
      <PageHeader title="Recent identifications" description="Every photo you analyzed, saved to a pet or not. Open one to correct the breed or save it to a pet." />
      {list.isPending && <PageLoader label="Loading your identifications…" />}
      {list.isError && <Alert>{errorMessage(list.error)}</Alert>}
      {list.data?.total === 0 && <EmptyState icon="camera" title="No identifications yet" description="Photos you analyze show up here." action={<Link to="/analyze" className="rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">Analyze a photo</Link>} />}
      {list.data && list.data.items.length > 0 && (
        <ul data-testid="identifications" aria-label="Recent identifications" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {list.data.items.map((analysis) => {
            const shown = shownAnalysis(analysis)
            const open = `/analyze?analysis=${encodeURIComponent(analysis.analysis_id ?? '')}`
            return (
              <li key={analysis.analysis_id} data-testid="identification" className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
                <Link to={open} className="block hover:bg-slate-50">
                  <img src={thumbnailOf(analysis.image_url, analysis.thumbnail_url)} alt={`Analyzed ${formatDate(analysis.created_at)}`} loading="lazy" className="h-40 w-full bg-slate-100 object-cover" />
                  <div className="p-4 pb-2">
                    <p className="font-semibold text-slate-900" data-testid="identification-breed">{breedHeadline(shown)}</p>
                    <p className="text-sm text-slate-600">{breedDetail(shown)} · {formatDate(analysis.created_at)}</p>
                  </div>
                </Link>
                <div className="flex flex-wrap items-center gap-3 px-4 pb-4 text-sm">
                  <Link to={open} className="font-semibold text-teal-800 underline underline-offset-2">Open</Link>
                  {analysis.saved_to_history && analysis.pet_id ? (
                    <Link to={`/pets/${analysis.pet_id}`} className="font-semibold text-teal-800 underline underline-offset-2">Saved to a pet</Link>
                  ) : (
                    <Link to={`${open}#save-pet-title`} className="font-semibold text-teal-800 underline underline-offset-2">Save to a pet</Link>
                  )}
                  <button type="button" className="ml-auto font-semibold text-rose-700 underline underline-offset-2" onClick={() => setDeleting(analysis)}>Delete</button>
                </div>
              </li>
            )
          })}
        </ul>
      )}
      {pages > 1 && (
        <nav aria-label="Pages" className="mt-6 flex items-center justify-center gap-3">
          <Button variant="secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>Newer</Button>
          <span className="text-sm text-slate-700">Page {page} of {pages}</span>
          <Button variant="secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>Older</Button>
        </nav>
      )}
      <ConfirmDialog
        open={deleting !== null}
        title="Delete this identification?"
        confirmLabel="Delete"
        busy={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : undefined}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting?.analysis_id && remove.mutate(deleting.analysis_id, { onSuccess: () => setDeleting(null) })}
      >
        The analysis and its photo are removed (a photo one of your pets uses stays with the pet).
      </ConfirmDialog>
    </div>
  )
}

import { Button } from './Button'

/** Previous / next with "Page n of m"; hidden when everything fits on one page. */
export function Pagination({ page, pageSize, total, onPage, label }: { page: number; pageSize: number; total: number; onPage: (page: number) => void; label: string }) {
  const pages = Math.max(1, Math.ceil(total / pageSize))
  if (pages <= 1) return null
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <Button variant="secondary" onClick={() => onPage(page - 1)} disabled={page <= 1}>Previous</Button>
      <span className="text-slate-700" aria-live="polite">Page {page} of {pages}</span>
      <Button variant="secondary" onClick={() => onPage(page + 1)} disabled={page >= pages}>Next</Button>
    </nav>
  )
}

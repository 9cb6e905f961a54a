import { useQuery } from '@tanstack/react-query'
import { useEffect, useId, useRef, useState } from 'react'
import { errorMessage, ragApi } from '../../api'
import { queryKeys } from '../../hooks/queryKeys'
import { humanize } from '../../lib/format'
import { splitAtPassage } from '../../lib/highlight'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { Spinner } from '../ui/Spinner'

/** A cited document in a modal, with the cited passage highlighted and scrolled into view. */
export function SourceViewer({ documentId, excerpt, onClose }: { documentId: string; excerpt?: string; onClose: () => void }) {
  const titleId = useId()
  const closeRef = useRef<HTMLButtonElement>(null)
  const markRef = useRef<HTMLElement>(null)
  const document_ = useQuery({ queryKey: queryKeys.document(documentId), queryFn: () => ragApi.document(documentId), staleTime: 5 * 60_000 })

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    closeRef.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      opener?.focus?.()
    }
  }, [onClose])

  useEffect(() => {
    markRef.current?.scrollIntoView?.({ block: 'center' })
  }, [document_.data])

  const parts = document_.data ? splitAtPassage(document_.data.text, excerpt) : null
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/50 p-2 sm:items-center sm:p-4">
      <div role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="source-viewer" className="flex max-h-[90vh] w-full max-w-2xl flex-col rounded-2xl bg-white shadow-xl">
        <div className="flex items-start justify-between gap-3 border-b border-slate-200 p-4">
          <div className="min-w-0">
            <h2 id={titleId} className="text-lg font-semibold text-slate-900">{document_.data?.title ?? 'Source'}</h2>
            {document_.data && (
              <p className="text-xs text-slate-600">{humanize(document_.data.document_type)}{document_.data.source ? ` · ${document_.data.source}` : ''}</p>
            )}
          </div>
          <Button ref={closeRef} variant="secondary" onClick={onClose}>Close</Button>
        </div>
        {/* The document may be long: the region scrolls and is reachable by keyboard. */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <div tabIndex={0} role="region" aria-label="Document text" className="overflow-y-auto whitespace-pre-line p-4 text-sm leading-relaxed text-slate-800">
          {document_.isPending && <Spinner label="Opening the source…" />}
          {document_.isError && <Alert title="This source could not be opened">{errorMessage(document_.error)}</Alert>}
          {document_.data && (parts ? (
            <>
              {parts[0]}
              <mark ref={markRef} data-testid="cited-passage" className="rounded bg-amber-200 px-0.5 text-slate-900">{parts[1]}</mark>
              {parts[2]}
            </>
          ) : document_.data.text)}
        </div>
      </div>
    </div>
  )
}

/** A link-styled button that opens a cited document. */
export function SourceLink({ documentId, label, excerpt }: { documentId: string; label: string; excerpt?: string }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} className="font-semibold text-teal-800 underline underline-offset-2 hover:text-teal-900">{label}</button>
      {open && <SourceViewer documentId={documentId} excerpt={excerpt} onClose={() => setOpen(false)} />}
    </>
  )
}

import { useQuery } from '@tanstack/react-query'
import { Children, isValidElement, useEffect, useId, useRef, useState, type ReactNode } from 'react'
import Markdown, { type Components } from 'react-markdown'
import { errorMessage, ragApi } from '../../api'
import { queryKeys } from '../../hooks/queryKeys'
import { humanize } from '../../lib/format'
import { isCited, splitSentences } from '../../lib/citedSentences'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { Spinner } from '../ui/Spinner'

const FOCUSABLE = 'a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex="-1"])'

/** The plain text of rendered Markdown children (to decide whether a block holds a cited sentence). */
function textOf(node: ReactNode): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node)
  if (Array.isArray(node)) return node.map(textOf).join('')
  if (isValidElement<{ children?: ReactNode }>(node)) return textOf(node.props.children)
  return ''
}

/** A block's children with each cited sentence wrapped in a highlight (text children split by sentence). */
function highlighted(children: ReactNode, excerpt: string | undefined): ReactNode {
  const items = Children.toArray(children)
  if (items.every((item) => typeof item === 'string')) {
    const sentences = splitSentences(items.join(''))
    return sentences.map((sentence, index) => {
      const text = index < sentences.length - 1 ? `${sentence} ` : sentence
      return isCited(sentence, excerpt) ? (
        <mark key={index} data-testid="cited-sentence" className="rounded bg-amber-200 px-0.5 text-slate-900">{text}</mark>
      ) : (
        <span key={index}>{text}</span>
      )
    })
  }
  // Mixed content (emphasis, links): highlight the whole block when it holds a cited sentence.
  const cited = splitSentences(textOf(children)).some((sentence) => isCited(sentence, excerpt))
  return cited ? <mark data-testid="cited-sentence" className="rounded bg-amber-200 px-0.5 text-slate-900">{children}</mark> : children
}

function markdownComponents(excerpt: string | undefined): Components {
  return {
    h1: ({ children }) => <h3 className="mb-2 mt-4 text-lg font-semibold text-slate-900">{children}</h3>,
    h2: ({ children }) => <h4 className="mb-1 mt-4 font-semibold text-slate-900">{children}</h4>,
    h3: ({ children }) => <h5 className="mb-1 mt-3 font-semibold text-slate-900">{children}</h5>,
    p: ({ children }) => <p className="mb-3">{highlighted(children, excerpt)}</p>,
    li: ({ children }) => <li className="mb-1">{highlighted(children, excerpt)}</li>,
    ul: ({ children }) => <ul className="mb-3 list-disc space-y-1 pl-5">{children}</ul>,
    ol: ({ children }) => <ol className="mb-3 list-decimal space-y-1 pl-5">{children}</ol>,
    a: ({ children }) => <span className="underline">{children}</span>,
    img: () => null,
  }
}

/** Focus stays inside the dialog while it is open: Tab from the last element goes to the first and back. */
function trapFocus(event: KeyboardEvent, dialog: HTMLElement | null) {
  if (!dialog) return
  const focusable = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)]
  if (focusable.length === 0) return
  const first = focusable[0]
  const last = focusable[focusable.length - 1]
  const inside = dialog.contains(document.activeElement)
  if (event.shiftKey && (document.activeElement === first || !inside)) {
    event.preventDefault()
    last.focus()
  } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
    event.preventDefault()
    first.focus()
  }
}

/** A cited guide in a modal: its title and stated sources, the text as Markdown, cited sentences highlighted. */
export function SourceViewer({ documentId, excerpt, onClose }: { documentId: string; excerpt?: string; onClose: () => void }) {
  const titleId = useId()
  const dialogRef = useRef<HTMLDivElement>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const bodyRef = useRef<HTMLDivElement>(null)
  const document_ = useQuery({ queryKey: queryKeys.document(documentId), queryFn: () => ragApi.document(documentId), staleTime: 5 * 60_000 })

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null
    closeRef.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose()
      else if (event.key === 'Tab') trapFocus(event, dialogRef.current)
    }
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('keydown', onKey)
      opener?.focus?.()
    }
  }, [onClose])

  useEffect(() => {
    bodyRef.current?.querySelector('mark')?.scrollIntoView?.({ block: 'center' })
  }, [document_.data])

  const [components] = useState(() => markdownComponents(excerpt))
  const organisations = document_.data?.organisations ?? []
  return (
    <div className="fixed inset-0 z-50 flex items-end justify-center bg-slate-900/50 p-2 sm:items-center sm:p-4">
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid="source-viewer" className="flex max-h-[90vh] w-full max-w-2xl flex-col rounded-2xl bg-white shadow-xl">
        <div className="flex items-start justify-between gap-3 border-b border-slate-200 p-4">
          <div className="min-w-0">
            <h2 id={titleId} className="text-lg font-semibold text-slate-900">{document_.data?.title ?? 'Source'}</h2>
            {document_.data && <p className="text-xs text-slate-600">{humanize(document_.data.document_type)}</p>}
            {organisations.length > 0 && (
              <div className="mt-1 text-xs text-slate-700" data-testid="source-organisations">
                <span className="font-semibold">Based on guidance from: </span>
                {organisations.join('; ')}
              </div>
            )}
          </div>
          <Button ref={closeRef} variant="secondary" onClick={onClose}>Close</Button>
        </div>
        {/* The document may be long: the region scrolls and is reachable by keyboard. */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <div ref={bodyRef} tabIndex={0} role="region" aria-label="Document text" data-testid="document-text" className="overflow-y-auto p-4 text-sm leading-relaxed text-slate-800">
          {document_.isPending && <Spinner label="Opening the source…" />}
          {document_.isError && <Alert title="This source could not be opened">{errorMessage(document_.error)}</Alert>}
          {document_.data && <Markdown components={components} skipHtml>{document_.data.text}</Markdown>}
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

import type { KnowledgeDocument } from '../api'

export type DocumentSort = 'title' | 'type' | 'chunks' | 'added'
export interface DocumentView {
  q: string
  type: string
  sort: DocumentSort
  descending: boolean
  page: number
}
export const DOCUMENTS_PAGE_SIZE = 15

function compare(a: KnowledgeDocument, b: KnowledgeDocument, sort: DocumentSort): number {
  switch (sort) {
    case 'title':
      return a.title.localeCompare(b.title)
    case 'type':
      return String(a.document_type).localeCompare(String(b.document_type)) || a.title.localeCompare(b.title)
    case 'chunks':
      return a.chunk_count - b.chunk_count
    case 'added':
      return (a.created_at ?? '').localeCompare(b.created_at ?? '')
  }
}

/** Filters (title, source, breed; type), sorts and pages the admin's document list. */
export function viewDocuments(documents: readonly KnowledgeDocument[], view: DocumentView): { items: KnowledgeDocument[]; total: number; page: number } {
  const needle = view.q.trim().toLowerCase()
  const filtered = documents.filter(
    (document) =>
      (!view.type || document.document_type === view.type) &&
      (!needle || [document.title, document.source, document.breed].some((value) => value?.toLowerCase().includes(needle))),
  )
  const sorted = [...filtered].sort((a, b) => (view.descending ? -1 : 1) * compare(a, b, view.sort))
  const pages = Math.max(1, Math.ceil(sorted.length / DOCUMENTS_PAGE_SIZE))
  const page = Math.min(Math.max(1, view.page), pages)
  return { items: sorted.slice((page - 1) * DOCUMENTS_PAGE_SIZE, page * DOCUMENTS_PAGE_SIZE), total: sorted.length, page }
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ragApi, type DocumentType } from '../api'
import { queryKeys } from './queryKeys'

export function useAskQuestion() {
  return useMutation({ mutationFn: ragApi.query })
}

/** The documents; polled every second while one is still being indexed (its progress bar moves). */
export function useDocuments() {
  return useQuery({
    queryKey: queryKeys.documents,
    queryFn: ragApi.documents,
    refetchInterval: (query) => (query.state.data?.some((document) => document.state === 'processing') ? 1000 : false),
  })
}

export function useIngestDocument() {
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<number | null>(null)
  const mutation = useMutation({
    mutationFn: ({ file, documentType, title }: { file: File; documentType: DocumentType; title?: string }) =>
      ragApi.ingest(file, documentType, title, { onProgress: setProgress }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.documents }),
    onSettled: () => setProgress(null),
  })
  return { ...mutation, progress }
}

export function useDeleteDocument() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ragApi.removeDocument,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.documents }),
  })
}

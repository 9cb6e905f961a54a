import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { jobsApi, type Job } from '../api'
import type { components } from '../api/types'

export type BatchAnalysis = components['schemas']['AiAnalysisOut']
/** One photo of a batch: its analysis, its error, or null while it waits (GET /jobs/{id} `results[i]`). */
export type BatchItem = { index: number; analysis: BatchAnalysis } | { index: number; error: { code: string; message: string } } | null

export const MAX_BATCH_PHOTOS = 50
const POLL_MS = 1000

export function isFinished(job: Pick<Job, 'state'> | undefined): boolean {
  return job !== undefined && ['succeeded', 'failed', 'cancelled'].includes(job.state)
}

/** GET /jobs/{job_id}, polled every second until the job has finished. */
export function useJob(jobId: string | null) {
  return useQuery({
    queryKey: ['jobs', jobId] as const,
    queryFn: () => jobsApi.get(jobId ?? ''),
    enabled: jobId !== null,
    refetchInterval: (query) => (isFinished(query.state.data) ? false : POLL_MS),
  })
}

/** DELETE /jobs/{job_id}: stop it; what it wrote is removed. */
export function useCancelJob() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (jobId: string) => jobsApi.cancel(jobId),
    onSuccess: (_data, jobId) => void queryClient.invalidateQueries({ queryKey: ['jobs', jobId] }),
  })
}

/** POST /pets/analyze/batch: up to 50 photos, analysed by a background job. */
export function useStartBatch() {
  return useMutation({
    mutationFn: (files: File[]) => jobsApi.startBatchAnalysis(files),
  })
}

/** The job's per-photo results, one entry per uploaded photo (null while waiting). */
export function batchItems(job: Job | undefined, count: number): BatchItem[] {
  const results = Array.isArray(job?.results) ? (job.results as BatchItem[]) : []
  return Array.from({ length: count }, (_, index) => results[index] ?? null)
}

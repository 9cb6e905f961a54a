import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Analysis, RecommendationResult, Species } from '../api'
import { apiRequest, apiUpload, type UploadOptions } from '../api/client'
import { queryKeys } from './queryKeys'

export interface AnalysisPage {
  items: Analysis[]
  total: number
  page: number
  page_size: number
}

export type PetSize = 'toy' | 'small' | 'medium' | 'large' | 'giant'

const path = (id: string) => `/analyses/${encodeURIComponent(id)}`

export const analysesApi = {
  /** POST /pets/analyze; `species` is what the user says the pet is (the species check is then skipped). */
  analyze: (image: File, { petId = null, species = null }: { petId?: string | null; species?: Species | null }, options: UploadOptions = {}) => {
    const form = new FormData()
    form.append('image', image)
    if (petId) form.append('pet_id', petId)
    if (species === 'dog' || species === 'cat') form.append('species', species)
    return apiUpload<Analysis>('/pets/analyze', form, options)
  },
  list: (page: number, pageSize: number) => apiRequest<AnalysisPage>(`/analyses?page=${page}&page_size=${pageSize}`),
  get: (id: string) => apiRequest<Analysis>(path(id)),
  remove: (id: string) => apiRequest<unknown>(path(id), { method: 'DELETE' }),
  chooseBreed: (id: string, breed: string, size?: PetSize | null) =>
    apiRequest<Analysis>(`${path(id)}/breed`, { method: 'POST', json: size ? { breed, size } : { breed } }),
}

/** GET /analyses: every analysis the user ran, saved to a pet or not, newest first. */
export function useAnalysesList(page: number, pageSize = 12) {
  return useQuery({ queryKey: queryKeys.analysesPage(page, pageSize), queryFn: () => analysesApi.list(page, pageSize), placeholderData: keepPreviousData })
}

/** GET /analyses/{id}: one analysis with its current breed (a correction is the breed). */
export function useAnalysis(id: string | null) {
  return useQuery({ queryKey: queryKeys.analysis(id ?? ''), queryFn: () => analysesApi.get(id ?? ''), enabled: Boolean(id) })
}

/** DELETE /analyses/{id}: the analysis and its photo (unless a pet uses it). */
export function useDeleteAnalysis() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => analysesApi.remove(id),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.analysis(id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.analyses })
    },
  })
}

/** POST /analyses/{id}/breed (a breed, or "Mixed breed" with an optional size): every view of it follows. */
export function useChooseBreed() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ analysisId, breed, size }: { analysisId: string; breed: string; size?: PetSize | null }) =>
      analysesApi.chooseBreed(analysisId, breed, size),
    onSuccess: (updated) => {
      if (updated.analysis_id) queryClient.setQueryData(queryKeys.analysis(updated.analysis_id), updated)
      void queryClient.invalidateQueries({ queryKey: queryKeys.analyses })
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })
      if (updated.pet_id) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.pet(updated.pet_id) })
        void queryClient.invalidateQueries({ queryKey: queryKeys.pets, exact: true })
      }
    },
  })
}

export interface PicksQuestion {
  species: 'dog' | 'cat'
  breed?: string | null
  size?: PetSize | null
  age?: number | null
}

/** POST /recommendations for what the owner just told us (size, age) about an analysed pet with no saved profile. */
export function useAnsweredPicks(question: PicksQuestion | null) {
  return useQuery({
    queryKey: ['recommendations', 'answered', question],
    queryFn: () => {
      const body: Record<string, unknown> = { species: question?.species, limit: 10 }
      if (question?.breed) body.breed = question.breed
      if (question?.size) body.size = question.size
      if (question?.age !== null && question?.age !== undefined) body.age = question.age
      return apiRequest<RecommendationResult>('/recommendations', { method: 'POST', json: body })
    },
    enabled: question !== null,
    staleTime: 5 * 60_000,
  })
}

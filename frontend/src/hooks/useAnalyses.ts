import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Species } from '../api'
import { api, apiUpload, call, type UploadOptions } from '../api/client'
import type { components } from '../api/types'
import { queryKeys } from './queryKeys'

export type AnalysisPage = components['schemas']['AiAnalysisPage']
export type PetSize = NonNullable<components['schemas']['AiBreedChoiceIn']['size']>

const one = (id: string) => ({ params: { path: { analysis_id: id } } })

export const analysesApi = {
  /** POST /pets/analyze; `species` is what the user says the pet is (the species check is then skipped). */
  analyze: (image: File, { petId = null, species = null }: { petId?: string | null; species?: Species | null }, options: UploadOptions = {}) =>
    apiUpload(
      '/api/v1/pets/analyze',
      { image, pet_id: petId ?? undefined, species: species === 'dog' || species === 'cat' ? species : undefined },
      options,
    ),
  list: (page: number, pageSize: number) => call(() => api.GET('/api/v1/analyses', { params: { query: { page, page_size: pageSize } } })),
  get: (id: string) => call(() => api.GET('/api/v1/analyses/{analysis_id}', one(id))),
  remove: (id: string) => call(() => api.DELETE('/api/v1/analyses/{analysis_id}', one(id))),
  chooseBreed: (id: string, breed: string, size?: PetSize | null) =>
    call(() => api.POST('/api/v1/analyses/{analysis_id}/breed', { ...one(id), body: size ? { breed, size } : { breed } })),
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
      const body: components['schemas']['AiRecommendationIn'] = { species: question?.species, limit: 10 }
      if (question?.breed) body.breed = question.breed
      if (question?.size) body.size = question.size
      if (question?.age !== null && question?.age !== undefined) body.age = question.age
      return call(() => api.POST('/api/v1/recommendations', { body }))
    },
    enabled: question !== null,
    staleTime: 5 * 60_000,
  })
}

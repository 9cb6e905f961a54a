import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { analyzeApi, type SaveAnalysisBody } from '../api'
import { queryKeys } from './queryKeys'

/** Every catalog breed of a species, for the picker (GET /breeds; filtered on the client as the user types). */
export function useBreeds(species: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.breeds(species),
    queryFn: () => analyzeApi.breeds(species === 'dog' || species === 'cat' ? { species } : {}),
    enabled,
    staleTime: 60 * 60_000,
  })
}

export { useChooseBreed } from './useAnalyses'

/** POST /analyses/{id}/save: the shown analysis joins a new or existing pet (the same pet when repeated). */
export function useSaveAnalysis() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ analysisId, body }: { analysisId: string; body: SaveAnalysisBody }) => analyzeApi.save(analysisId, body),
    onSuccess: (pet) => {
      queryClient.setQueryData(queryKeys.pet(pet.id), pet)
      void queryClient.invalidateQueries({ queryKey: queryKeys.pets, exact: true })
      void queryClient.invalidateQueries({ queryKey: queryKeys.petAnalyses(pet.id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })
      void queryClient.invalidateQueries({ queryKey: queryKeys.analyses })
    },
  })
}

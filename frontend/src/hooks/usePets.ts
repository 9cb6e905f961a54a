import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { petsApi, type PetInput } from '../api'
import { queryKeys } from './queryKeys'

export function usePets() {
  return useQuery({ queryKey: queryKeys.pets, queryFn: petsApi.list })
}

export function usePet(id: string) {
  return useQuery({ queryKey: queryKeys.pet(id), queryFn: () => petsApi.get(id) })
}

export function usePetAnalyses(id: string) {
  return useQuery({ queryKey: queryKeys.petAnalyses(id), queryFn: () => petsApi.analyses(id) })
}

export function useCreatePet() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: petsApi.create,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.pets })
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })
    },
  })
}

export function useUpdatePet() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<PetInput> }) => petsApi.update(id, body),
    onSuccess: (pet) => {
      queryClient.setQueryData(queryKeys.pet(pet.id), pet)
      void queryClient.invalidateQueries({ queryKey: queryKeys.pets, exact: true })
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })
    },
  })
}

export function useDeletePet() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: petsApi.remove,
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.pet(id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.pets })
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })
    },
  })
}

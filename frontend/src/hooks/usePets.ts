import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { petsApi, ragApi, recommendationsApi, type Pet, type PetInput } from '../api'
import { analysesApi } from './useAnalyses'
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

/** Products for a pet (POST /recommendations {pet_id}); also what fills "Picked for your pets". */
export function usePetRecommendations(petId: string, enabled = true, version = '') {
  return useQuery({
    // `version` (the pet's updated_at): a changed breed, age or weight asks again instead of showing old picks.
    queryKey: [...queryKeys.petRecommendations(petId), version],
    queryFn: () => recommendationsApi.forPet(petId),
    enabled,
    staleTime: 5 * 60_000,
  })
}

/** Health notes for a pet's breed (or species) from the knowledge base, with the passages they cite. */
export function usePetHealthNotes(pet: Pet | undefined) {
  const subject = pet?.breed || (pet?.species === 'other' ? 'pets' : `${pet?.species}s`)
  return useQuery({
    queryKey: ['health-notes', subject],
    queryFn: () => ragApi.query({ question: `What health problems are common in ${subject}, and what should an owner watch for?`, ...(pet?.breed ? { breed: pet.breed } : {}) }),
    enabled: pet !== undefined,
    staleTime: 30 * 60_000,
  })
}

/**
 * A new photo for a pet: uploaded through POST /pets/analyze (the same checks as any analysis, and the
 * analysis joins the pet's history), then set as the pet's picture. The pet's own breed is kept.
 */
export function useUploadPetPhoto(pet: Pet) {
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<number | null>(null)
  const mutation = useMutation({
    mutationFn: async (image: File) => {
      const analysis = await analysesApi.analyze(image, { petId: pet.id }, { onProgress: setProgress })
      const body: Partial<PetInput> = { image_url: analysis.image_url ?? null }
      if (pet.breed) Object.assign(body, { breed: pet.breed, breed_confidence: pet.breed_confidence })
      return petsApi.update(pet.id, body)
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(queryKeys.pet(updated.id), updated)
      void queryClient.invalidateQueries({ queryKey: queryKeys.petAnalyses(updated.id) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.pets, exact: true })
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })
    },
    onSettled: () => setProgress(null),
  })
  return { ...mutation, progress }
}

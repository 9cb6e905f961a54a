import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Species } from '../api'
import { analysesApi } from './useAnalyses'
import { queryKeys } from './queryKeys'

/** POST /pets/analyze with upload progress (0..1, null when idle); `species` when the user says what the pet is. */
export function useAnalyzePhoto() {
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<number | null>(null)
  const mutation = useMutation({
    mutationFn: ({ image, petId, species = null }: { image: File; petId: string | null; species?: Species | null }) =>
      analysesApi.analyze(image, { petId, species }, { onProgress: setProgress }),
    onSuccess: (_analysis, { petId }) => {
      if (petId) void queryClient.invalidateQueries({ queryKey: queryKeys.petAnalyses(petId) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })
      void queryClient.invalidateQueries({ queryKey: queryKeys.analyses })
    },
    onSettled: () => setProgress(null),
  })
  return { ...mutation, progress }
}

import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { analyzeApi } from '../api'
import { queryKeys } from './queryKeys'

/** POST /pets/analyze with upload progress (0..1, null when idle). */
export function useAnalyzePhoto() {
  const queryClient = useQueryClient()
  const [progress, setProgress] = useState<number | null>(null)
  const mutation = useMutation({
    mutationFn: ({ image, petId }: { image: File; petId: string | null }) =>
      analyzeApi.analyze(image, petId, { onProgress: setProgress }),
    onSuccess: (_analysis, { petId }) => {
      if (petId) void queryClient.invalidateQueries({ queryKey: queryKeys.petAnalyses(petId) })
      void queryClient.invalidateQueries({ queryKey: queryKeys.dashboard })
    },
    onSettled: () => setProgress(null),
  })
  return { ...mutation, progress }
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { profileApi } from '../api'
import { clearAllDrafts } from '../lib/drafts'
import { queryKeys } from './queryKeys'

export function useProfile() {
  return useQuery({ queryKey: queryKeys.profile, queryFn: profileApi.get })
}

export function useUpdateProfile() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: profileApi.update,
    onSuccess: (profile) => queryClient.setQueryData(queryKeys.profile, profile),
  })
}

export function useDeleteAccount() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (password: string) => profileApi.deleteAccount(password),
    onSuccess: () => {
      clearAllDrafts()
      queryClient.clear()
      queryClient.setQueryData(queryKeys.me, null)
    },
  })
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { adminApi, type AdminUserUpdate } from '../api'
import { queryKeys } from './queryKeys'

export const ADMIN_USERS_PAGE_SIZE = 20

export function useAdminUsers(q: string, page: number) {
  return useQuery({
    queryKey: queryKeys.adminUsers(q, page),
    queryFn: () => adminApi.users({ q, page, page_size: ADMIN_USERS_PAGE_SIZE }),
    placeholderData: keepPreviousData,
  })
}

export function useUpdateAdminUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: AdminUserUpdate }) => adminApi.updateUser(id, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] }),
  })
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { ApiError, authApi, type User } from '../api'
import { clearAllDrafts } from '../lib/drafts'
import { queryKeys } from './queryKeys'

/** The signed-in user (null when there is no session). */
export function useCurrentUser() {
  return useQuery<User | null>({
    queryKey: queryKeys.me,
    queryFn: async () => {
      try {
        return await authApi.me()
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null
        throw error
      }
    },
    staleTime: Infinity,
    retry: false,
  })
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: authApi.login,
    onSuccess: (user) => {
      queryClient.clear()
      queryClient.setQueryData(queryKeys.me, user)
    },
  })
}

export function useRegister() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: authApi.register,
    onSuccess: (user) => {
      queryClient.clear()
      queryClient.setQueryData(queryKeys.me, user)
    },
  })
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: authApi.logout,
    // Whatever the server said, this browser forgets the session's data.
    onSettled: () => {
      clearAllDrafts()
      queryClient.clear()
      queryClient.setQueryData(queryKeys.me, null)
    },
  })
}

/** POST /auth/password: every other session ends; this one continues with fresh cookies. */
export function useChangePassword() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: authApi.changePassword,
    onSuccess: (user) => {
      queryClient.setQueryData(queryKeys.me, user)
      void queryClient.invalidateQueries({ queryKey: queryKeys.sessions })
    },
  })
}

export function useSessions() {
  return useQuery({ queryKey: queryKeys.sessions, queryFn: authApi.sessions })
}

export function useEndSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: authApi.endSession,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessions }),
  })
}

/** Ends every session but this one: change nothing else, so each other session is ended by id. */
export function useEndOtherSessions() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) await authApi.endSession(id)
    },
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.sessions }),
  })
}

/** POST /auth/logout-all: every session ends, this one too. */
export function useLogoutAll() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: authApi.logoutAll,
    onSettled: () => {
      clearAllDrafts()
      queryClient.clear()
      queryClient.setQueryData(queryKeys.me, null)
    },
  })
}

import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { User } from '../api'
import { api, call } from '../api/client'
import { clearAllDrafts } from '../lib/drafts'
import { queryKeys } from './queryKeys'

/** Accounts by email: reset links, address verification and change, an admin's reset link. */
export const accountEmailApi = {
  forgotPassword: (email: string) => call(() => api.POST('/api/v1/auth/password/forgot', { body: { email } }), 'none'),
  resetPassword: (body: { token: string; new_password: string }) => call(() => api.POST('/api/v1/auth/password/reset', { body }), 'none'),
  verifyEmail: async (token: string): Promise<User> => (await call(() => api.POST('/api/v1/auth/email/verify', { body: { token } }), 'none')).user,
  resendVerification: () => call(() => api.POST('/api/v1/auth/email/verify/resend')),
  changeEmail: (body: { new_email: string; password: string }) => call(() => api.POST('/api/v1/auth/email/change', { body })),
  confirmEmailChange: async (token: string): Promise<User> =>
    (await call(() => api.POST('/api/v1/auth/email/change/confirm', { body: { token } }), 'none')).user,
  resetLink: (userId: string) =>
    call(() => api.POST('/api/v1/admin/users/{user_id}/password-reset-link', { params: { path: { user_id: userId } } })),
}

/** The token of a mailed link: in the URL fragment (`#token=...`), which never reaches a server. */
export function linkToken(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? ''
}

export function useForgotPassword() {
  return useMutation({ mutationFn: accountEmailApi.forgotPassword })
}

/** Every session ends with a reset, this browser's too. */
export function useResetPassword() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: accountEmailApi.resetPassword,
    onSuccess: () => {
      clearAllDrafts()
      queryClient.clear()
      queryClient.setQueryData(queryKeys.me, null)
    },
  })
}

/** A verified address updates the signed-in user, if this browser has one. */
function useUserLink(mutationFn: (token: string) => Promise<User>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn,
    onSuccess: (user) => {
      const current = queryClient.getQueryData<User | null>(queryKeys.me)
      if (current && current.id === user.id) queryClient.setQueryData(queryKeys.me, user)
    },
  })
}

export function useVerifyEmail() {
  return useUserLink(accountEmailApi.verifyEmail)
}

export function useConfirmEmailChange() {
  return useUserLink(accountEmailApi.confirmEmailChange)
}

export function useResendVerification() {
  return useMutation({ mutationFn: accountEmailApi.resendVerification })
}

export function useChangeEmail() {
  return useMutation({ mutationFn: accountEmailApi.changeEmail })
}

export function useAdminResetLink() {
  return useMutation({ mutationFn: accountEmailApi.resetLink })
}

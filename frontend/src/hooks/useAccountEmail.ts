import { useMutation, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '../api/client'
import type { AuthUserResponse, User } from '../api'
import { clearAllDrafts } from '../lib/drafts'
import { queryKeys } from './queryKeys'

/** Accounts by email: reset links, address verification and change, an admin's reset link. */
export const accountEmailApi = {
  forgotPassword: (email: string) => apiRequest<unknown>('/auth/password/forgot', { method: 'POST', json: { email }, auth: 'none' }),
  resetPassword: (body: { token: string; new_password: string }) => apiRequest<unknown>('/auth/password/reset', { method: 'POST', json: body, auth: 'none' }),
  verifyEmail: async (token: string): Promise<User> => (await apiRequest<AuthUserResponse>('/auth/email/verify', { method: 'POST', json: { token }, auth: 'none' })).user,
  resendVerification: () => apiRequest<{ sent: boolean }>('/auth/email/verify/resend', { method: 'POST' }),
  changeEmail: (body: { new_email: string; password: string }) => apiRequest<unknown>('/auth/email/change', { method: 'POST', json: body }),
  confirmEmailChange: async (token: string): Promise<User> =>
    (await apiRequest<AuthUserResponse>('/auth/email/change/confirm', { method: 'POST', json: { token }, auth: 'none' })).user,
  resetLink: (userId: string) =>
    apiRequest<{ url: string; expires_at: string }>(`/admin/users/${encodeURIComponent(userId)}/password-reset-link`, { method: 'POST' }),
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

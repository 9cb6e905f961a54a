import type { User } from '../../api'
import { errorMessage } from '../../api'
import { useResendVerification } from '../../hooks/useAccountEmail'

/** Until the address is confirmed: a reminder, and a way to get the link again (rate limited). */
export function UnverifiedBanner({ user }: { user: User }) {
  const resend = useResendVerification()
  if (user.email_verified !== false) return null
  return (
    <div role="region" aria-label="Confirm your email" data-testid="unverified-banner" className="border-b border-amber-200 bg-amber-50">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm text-amber-900">
        <p>Confirm your email address: open the link we sent to <strong>{user.email}</strong>. Until then it cannot be used to reset your password.</p>
        <div aria-live="polite" className="flex items-center gap-3">
          {resend.isSuccess && <span>A new link is on its way.</span>}
          {resend.isError && <span role="alert">{errorMessage(resend.error)}</span>}
          <button type="button" onClick={() => resend.mutate()} disabled={resend.isPending} className="rounded-lg px-3 py-1 font-medium ring-1 ring-amber-300 hover:bg-amber-100">
            Resend the link
          </button>
        </div>
      </div>
    </div>
  )
}

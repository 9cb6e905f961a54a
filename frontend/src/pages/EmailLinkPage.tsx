import { useEffect, useRef, useState } from 'react'
import { Link, useLocation } from 'react-router'
import { ApiError, errorMessage, type User } from '../api'
import { AuthLayout } from '../components/Layout/AuthLayout'
import { Alert } from '../components/ui/Alert'
import { PageLoader } from '../components/ui/Spinner'
import { linkToken, useConfirmEmailChange, useVerifyEmail } from '../hooks/useAccountEmail'

type Outcome = { tone: 'success' | 'error'; text: string }

function linkProblem(error: unknown): string {
  if (error instanceof ApiError && error.code === 'TOKEN_INVALID') return 'This link is invalid, already used or expired.'
  if (error instanceof ApiError && error.code === 'EMAIL_EXISTS') return 'Another account uses this address now, so it cannot become yours.'
  return errorMessage(error)
}

/** A mailed link's landing page: follows the link once on arrival and says what happened. */
function EmailLinkPage({ title, follow, success }: { title: string; follow: (token: string) => Promise<User>; success: (user: User) => string }) {
  const location = useLocation()
  const [token] = useState(() => linkToken(location.hash))
  const [outcome, setOutcome] = useState<Outcome | null>(token ? null : { tone: 'error', text: 'This page needs the link from your email.' })
  const started = useRef(false)

  useEffect(() => {
    if (started.current || !token) return // once, even under StrictMode's double effects
    started.current = true
    follow(token).then(
      (user) => setOutcome({ tone: 'success', text: success(user) }),
      (error: unknown) => setOutcome({ tone: 'error', text: linkProblem(error) }),
    )
  }, [follow, token, success])

  return (
    <AuthLayout title={title} subtitle="From the link in your email." footer={<Link className="font-semibold text-teal-700 hover:underline" to="/">Go to SmartBreeds</Link>}>
      <div aria-live="polite">
        {outcome ? <Alert tone={outcome.tone}>{outcome.text}</Alert> : <PageLoader label="Checking your link…" />}
      </div>
    </AuthLayout>
  )
}

export function VerifyEmailPage() {
  const verify = useVerifyEmail()
  return <EmailLinkPage title="Confirm your email" follow={verify.mutateAsync} success={(user) => `Thank you: ${user.email} is confirmed.`} />
}

export function ConfirmEmailChangePage() {
  const confirm = useConfirmEmailChange()
  return <EmailLinkPage title="Confirm your new email" follow={confirm.mutateAsync} success={(user) => `Done: your account's email address is now ${user.email}. Log in with it from now on.`} />
}

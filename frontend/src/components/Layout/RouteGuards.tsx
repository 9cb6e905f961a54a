import type { ReactNode } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { useCurrentUser } from '../../hooks/useAuth'
import { Alert } from '../ui/Alert'
import { PageLoader } from '../ui/Spinner'
import { AppShell } from './AppShell'

/** Signed-in area: anonymous visitors see the landing page at `/`, elsewhere go to /login?next=<the page>. */
export function RequireAuth({ landing }: { landing?: ReactNode }) {
  const { data: user, isPending, isError, refetch } = useCurrentUser()
  const location = useLocation()
  if (isPending) return <PageLoader label="Checking your session…" />
  if (isError)
    return (
      <div className="mx-auto max-w-md p-8">
        <Alert title="We could not reach SmartBreeds" action={<button type="button" className="font-semibold underline" onClick={() => void refetch()}>Try again</button>}>
          The service did not answer. Please try again in a moment.
        </Alert>
      </div>
    )
  if (!user) {
    const next = location.pathname + location.search
    if (location.pathname === '/' && landing) return <>{landing}</>
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />
  }
  return <AppShell user={user} />
}

/** Admin-only pages; everyone else sees a plain "not allowed" (the link is hidden for them anyway). */
export function RequireAdmin() {
  const { data: user } = useCurrentUser()
  if (user?.role !== 'admin')
    return (
      <Alert title="Admins only">This page is for SmartBreeds administrators.</Alert>
    )
  return <Outlet />
}

/** Login and register: a signed-in user goes straight on. */
export function PublicOnly({ children }: { children: ReactNode }) {
  const { data: user, isPending } = useCurrentUser()
  const location = useLocation()
  if (isPending) return <PageLoader label="Checking your session…" />
  if (user) return <Navigate to={safeNext(new URLSearchParams(location.search).get('next'))} replace />
  return <>{children}</>
}

/** Only same-site paths are followed after login (no open redirect). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  return next
}

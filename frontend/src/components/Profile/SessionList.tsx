import { errorMessage } from '../../api'
import { useNavigate } from 'react-router'
import { useEndOtherSessions, useEndSession, useLogoutAll, useSessions } from '../../hooks/useAuth'
import { formatDate } from '../../lib/format'
import { leaveNotice } from '../../lib/notice'
import { describeUserAgent } from '../../lib/userAgent'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { PageLoader } from '../ui/Spinner'

/** The account's signed-in devices; any other one can be signed out, or all others at once. */
export function SessionList() {
  const sessions = useSessions()
  const endOne = useEndSession()
  const endOthers = useEndOtherSessions()
  const logoutAll = useLogoutAll()
  const navigate = useNavigate()
  const others = (sessions.data ?? []).filter((session) => !session.current)
  const error = endOne.error ?? endOthers.error
  const ended = endOne.isSuccess ? 'That device is signed out.' : endOthers.isSuccess ? 'Every other device is signed out.' : null
  return (
    <div>
      {sessions.isPending && <PageLoader label="Loading your sessions…" />}
      {sessions.isError && <Alert title="Your sessions could not be loaded">{errorMessage(sessions.error)}</Alert>}
      {error && <Alert>{errorMessage(error)}</Alert>}
      <div aria-live="polite" className="empty:hidden">{ended && !error && <Alert tone="success">{ended}</Alert>}</div>
      {sessions.data && (
        <>
          <ul data-testid="session-list" className="divide-y divide-slate-100">
            {sessions.data.map((session) => (
              <li key={session.id} data-testid="session-item" className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between">
                <div className="min-w-0">
                  <p className="font-medium text-slate-900">
                    {describeUserAgent(session.user_agent)}
                    {session.current && <span className="ml-2 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-semibold text-emerald-800 ring-1 ring-emerald-200">This device</span>}
                  </p>
                  <p className="text-xs text-slate-600">
                    {session.ip ? `${session.ip} · ` : ''}Signed in {formatDate(session.created_at)}{session.last_used_at ? ` · Last active ${formatDate(session.last_used_at)}` : ''}
                  </p>
                </div>
                {!session.current && (
                  <Button variant="secondary" onClick={() => endOne.mutate(session.id)} disabled={endOne.isPending || endOthers.isPending} aria-label={`Sign out ${describeUserAgent(session.user_agent)} (signed in ${formatDate(session.created_at)})`}>
                    Sign out
                  </Button>
                )}
              </li>
            ))}
          </ul>
          <div className="mt-4 flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => endOthers.mutate(others.map((session) => session.id))} disabled={others.length === 0} loading={endOthers.isPending}>
              Sign out all other devices
            </Button>
            <Button variant="ghost" onClick={() =>
                logoutAll.mutate(undefined, {
                  onSuccess: () => leaveNotice('You are signed out on every device, this one too.'),
                  onSettled: () => navigate('/login', { replace: true }),
                })
              } loading={logoutAll.isPending}>
              Sign out everywhere, this device too
            </Button>
          </div>
        </>
      )}
    </div>
  )
}

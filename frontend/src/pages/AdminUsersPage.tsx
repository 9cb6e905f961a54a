import { useId, useState } from 'react'
import { errorMessage, type AdminUser, type Role } from '../api'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { ConfirmDialog } from '../components/ui/ConfirmDialog'
import { Pagination } from '../components/ui/Pagination'
import { PageLoader } from '../components/ui/Spinner'
import { useCurrentUser } from '../hooks/useAuth'
import { useAdminResetLink } from '../hooks/useAccountEmail'
import { ADMIN_USERS_PAGE_SIZE, useAdminUsers, useUpdateAdminUser } from '../hooks/useAdminUsers'
import { formatDate } from '../lib/format'

function problemText(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && error.code === 'LAST_ADMIN')
    return 'This is the last active administrator. Make someone else an admin first, so the platform always has one.'
  return errorMessage(error)
}

type Change = { is_active?: boolean; role?: Role }

/** What a change will do, asked before it is made. */
function changeQuestion(item: AdminUser, body: Change): { title: string; text: string; label: string } {
  const who = item.user.email
  if (body.role) {
    return body.role === 'admin'
      ? { title: `Make ${who} an admin?`, text: 'They will manage users and the knowledge base. Their sessions end: they log in again with the new role.', label: 'Make admin' }
      : { title: `Make ${who} a regular user?`, text: 'They lose administration. Their sessions end: they log in again with the new role.', label: 'Make user' }
  }
  return body.is_active
    ? { title: `Reactivate ${who}?`, text: 'They can log in again with their password.', label: 'Reactivate' }
    : { title: `Deactivate ${who}?`, text: 'Every session of theirs ends at once and they cannot log in until reactivated. Nothing is deleted.', label: 'Deactivate' }
}

function UserRow({ item, isMe, onChange, onResetLink, busy }: { item: AdminUser; isMe: boolean; busy: boolean; onChange: (body: Change) => void; onResetLink: () => void }) {
  const roleId = useId()
  const { user, is_active: active, last_login: lastLogin } = item
  return (
    <li data-testid="admin-user" className="flex flex-col gap-3 py-4 sm:flex-row sm:items-center sm:justify-between">
      <div className="min-w-0">
        <p className="truncate font-medium text-slate-900">{user.name || user.email}{isMe && <span className="ml-2 text-xs font-normal text-slate-600">(you)</span>}</p>
        <p className="truncate text-sm text-slate-700">{user.email}</p>
        <p className="text-xs text-slate-600">
          <span className={active ? 'font-semibold text-emerald-800' : 'font-semibold text-rose-800'}>{active ? 'Active' : 'Deactivated'}</span>
          {' · '}Joined {formatDate(user.created_at)}{lastLogin ? ` · Last login ${formatDate(lastLogin)}` : ' · Never logged in'}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={roleId} className="sr-only">Role of {user.email}</label>
        <select id={roleId} value={user.role} disabled={busy} onChange={(event) => onChange({ role: event.target.value as Role })} className="rounded-lg border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700">
          <option value="user">User</option>
          <option value="admin">Admin</option>
        </select>
        <Button variant={active ? 'danger' : 'secondary'} disabled={busy} onClick={() => onChange({ is_active: !active })} aria-label={`${active ? 'Deactivate' : 'Reactivate'} ${user.email}`}>
          {active ? 'Deactivate' : 'Reactivate'}
        </Button>
        <Button variant="secondary" disabled={busy} onClick={onResetLink} aria-label={`Reset link for ${user.email}`}>
          Reset link
        </Button>
      </div>
    </li>
  )
}

export default function AdminUsersPage() {
  const searchId = useId()
  const me = useCurrentUser()
  const [search, setSearch] = useState('')
  const [q, setQ] = useState('')
  const [page, setPage] = useState(1)
  const users = useAdminUsers(q, page)
  const update = useUpdateAdminUser()
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)
  const [pending, setPending] = useState<{ item: AdminUser; body: Change } | null>(null)
  const resetLink = useAdminResetLink()
  const [issued, setIssued] = useState<{ email: string; url: string; expires_at: string } | null>(null)

  const issueResetLink = (item: AdminUser) => {
    setMessage(null)
    setIssued(null)
    resetLink.mutate(item.user.id, {
      onSuccess: (link) => setIssued({ email: item.user.email, ...link }),
      onError: (error) => setMessage({ tone: 'error', text: problemText(error) }),
    })
  }

  const change = (item: AdminUser, body: Change) => {
    setMessage(null)
    setPending(null)
    update.mutate(
      { id: item.user.id, body },
      {
        onSuccess: () => {
          const what = body.role ? `is now ${body.role === 'admin' ? 'an admin' : 'a user'}` : body.is_active ? 'is active again' : 'is deactivated; their sessions have ended'
          setMessage({ tone: 'success', text: `${item.user.email} ${what}.` })
        },
        onError: (error) => setMessage({ tone: 'error', text: problemText(error) }),
      },
    )
  }
  const question = pending ? changeQuestion(pending.item, pending.body) : null

  return (
    <div className="space-y-6">
      <PageHeader title="Users" description="Find accounts, deactivate or reactivate them, and choose who administers SmartBreeds." />
      <Card aria-labelledby="users-title">
        <h2 id="users-title" className="sr-only">Accounts</h2>
        <form role="search" className="flex flex-col gap-2 sm:flex-row" onSubmit={(event) => { event.preventDefault(); setPage(1); setQ(search.trim()) }}>
          <label htmlFor={searchId} className="sr-only">Search by name or email</label>
          <input id={searchId} type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder="Search by name or email" className="block w-full flex-1 rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm" />
          <Button type="submit">Search</Button>
        </form>
        <div aria-live="polite" className="mt-4 empty:hidden">
          {message && <Alert tone={message.tone}>{message.text}</Alert>}
          {issued && (
            <Alert tone="info" title={`Reset link for ${issued.email}`}>
              <p>Shown only now: copy it and hand it to them. It works once, until {formatDate(issued.expires_at)}.</p>
              <input readOnly aria-label="Reset link" data-testid="reset-link" value={issued.url} onFocus={(event) => event.target.select()} className="mt-2 block w-full rounded-lg border-0 px-3 py-2 font-mono text-xs ring-1 ring-inset ring-slate-300" />
            </Alert>
          )}
        </div>
        {users.isPending && <PageLoader label="Loading users…" />}
        {users.isError && <Alert title="Users could not be loaded">{errorMessage(users.error)}</Alert>}
        {users.data && (
          <>
            <p className="mt-4 text-sm text-slate-700">{users.data.total} {users.data.total === 1 ? 'account' : 'accounts'}{q ? ` matching “${q}”` : ''}</p>
            <ul data-testid="admin-user-list" className="divide-y divide-slate-100">
              {users.data.items.map((item) => (
                <UserRow key={item.user.id} item={item} isMe={item.user.id === me.data?.id} busy={update.isPending || resetLink.isPending} onChange={(body) => setPending({ item, body })} onResetLink={() => issueResetLink(item)} />
              ))}
            </ul>
            <Pagination page={page} pageSize={users.data.page_size || ADMIN_USERS_PAGE_SIZE} total={users.data.total} onPage={setPage} label="Users pages" />
          </>
        )}
      </Card>
      <ConfirmDialog
        open={pending !== null}
        title={question?.title ?? ''}
        confirmLabel={question?.label ?? ''}
        busy={update.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => pending && change(pending.item, pending.body)}
      >
        <p>{question?.text}</p>
      </ConfirmDialog>
    </div>
  )
}

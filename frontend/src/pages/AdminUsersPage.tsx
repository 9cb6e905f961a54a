import { useId, useState } from 'react'
import { errorMessage, type AdminUser, type Role } from '../api'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { Pagination } from '../components/ui/Pagination'
import { PageLoader } from '../components/ui/Spinner'
import { useCurrentUser } from '../hooks/useAuth'
import { ADMIN_USERS_PAGE_SIZE, useAdminUsers, useUpdateAdminUser } from '../hooks/useAdminUsers'
import { formatDate } from '../lib/format'

function problemText(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && error.code === 'LAST_ADMIN')
    return 'This is the last active administrator. Make someone else an admin first, so the platform always has one.'
  return errorMessage(error)
}

function UserRow({ item, isMe, onChange, busy }: { item: AdminUser; isMe: boolean; busy: boolean; onChange: (body: { is_active?: boolean; role?: Role }) => void }) {
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

  const change = (item: AdminUser, body: { is_active?: boolean; role?: Role }) => {
    setMessage(null)
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
        <div aria-live="polite" className="mt-4 empty:hidden">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
        {users.isPending && <PageLoader label="Loading users…" />}
        {users.isError && <Alert title="Users could not be loaded">{errorMessage(users.error)}</Alert>}
        {users.data && (
          <>
            <p className="mt-4 text-sm text-slate-700">{users.data.total} {users.data.total === 1 ? 'account' : 'accounts'}{q ? ` matching “${q}”` : ''}</p>
            <ul data-testid="admin-user-list" className="divide-y divide-slate-100">
              {users.data.items.map((item) => (
                <UserRow key={item.user.id} item={item} isMe={item.user.id === me.data?.id} busy={update.isPending} onChange={(body) => change(item, body)} />
              ))}
            </ul>
            <Pagination page={page} pageSize={users.data.page_size || ADMIN_USERS_PAGE_SIZE} total={users.data.total} onPage={setPage} label="Users pages" />
          </>
        )}
      </Card>
    </div>
  )
}

import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { adminUser, mockApi, testUser } from '../test/api'
import { renderWithProviders } from '../test/render'
import AdminUsersPage from './AdminUsersPage'

afterEach(() => {
  vi.unstubAllGlobals()
})

const items = [
  { user: adminUser, is_active: true, last_login: '2026-01-02T00:00:00Z' },
  { user: { ...testUser, id: 'u2', email: 'bob@example.com', name: 'Bob' }, is_active: true, last_login: null },
]

describe('AdminUsersPage', () => {
  it('searches, deactivates, and explains LAST_ADMIN', async () => {
    const api = mockApi({
      'GET /auth/me': () => ({ data: { user: adminUser } }),
      'GET /admin/users?q=&page=1&page_size=20': () => ({ data: { items, total: 2, page: 1, page_size: 20 } }),
      'GET /admin/users?page=1&page_size=20': () => ({ data: { items, total: 2, page: 1, page_size: 20 } }),
      'GET /admin/users?q=bob&page=1&page_size=20': () => ({ data: { items: [items[1]], total: 1, page: 1, page_size: 20 } }),
      'PATCH /admin/users/u2': () => ({ data: {} }),
      [`PATCH /admin/users/${adminUser.id}`]: () => ({ status: 409, error: { code: 'LAST_ADMIN', message: 'Last admin.' } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AdminUsersPage />)

    expect(await screen.findAllByTestId('admin-user')).toHaveLength(2)
    await user.type(screen.getByLabelText('Search by name or email'), 'bob')
    await user.click(screen.getByRole('button', { name: 'Search' }))
    await vi.waitFor(() => expect(screen.getAllByTestId('admin-user')).toHaveLength(1))

    await user.click(screen.getByRole('button', { name: 'Deactivate bob@example.com' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Deactivate bob@example.com?' })
    expect(dialog).toHaveTextContent('Every session of theirs ends at once')
    expect(api.count('PATCH', '/admin/users/u2')).toBe(0) // nothing happens before the confirmation
    await user.click(within(dialog).getByRole('button', { name: 'Deactivate' }))
    expect(await screen.findByText(/bob@example.com is deactivated/)).toBeInTheDocument()
    expect(api.calls.find((call) => call.method === 'PATCH')?.body).toEqual({ is_active: false })

    await user.clear(screen.getByLabelText('Search by name or email'))
    await user.click(screen.getByRole('button', { name: 'Search' }))
    const me = (await screen.findAllByTestId('admin-user')).find((row) => row.textContent?.includes('(you)'))!
    await user.selectOptions(within(me).getByRole('combobox'), 'user')
    await user.click(within(screen.getByRole('alertdialog', { name: `Make ${adminUser.email} a regular user?` })).getByRole('button', { name: 'Make user' }))
    expect(await screen.findByText(/last active administrator/)).toBeInTheDocument()
  })

  it('issues a reset link and shows it once', async () => {
    mockApi({
      'GET /auth/me': () => ({ data: { user: adminUser } }),
      'GET /admin/users?page=1&page_size=20': () => ({ data: { items, total: 2, page: 1, page_size: 20 } }),
      'POST /admin/users/u2/password-reset-link': () => ({ status: 201, data: { url: 'https://localhost:8443/reset-password#token=abc', expires_at: '2026-01-02T00:30:00Z' } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AdminUsersPage />)

    await user.click(await screen.findByRole('button', { name: 'Reset link for bob@example.com' }))

    expect(await screen.findByTestId('reset-link')).toHaveValue('https://localhost:8443/reset-password#token=abc')
    expect(screen.getByText(/Shown only now/)).toBeInTheDocument()
  })
})

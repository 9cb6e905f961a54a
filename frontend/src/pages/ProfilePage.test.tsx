import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setSessionExpiredHandler } from '../api'
import { mockApi, testUser } from '../test/api'
import { renderWithProviders } from '../test/render'
import ProfilePage from './ProfilePage'

const profile = { user_id: testUser.id, first_name: 'Ada', last_name: 'Lovelace', phone: '', address: '', preferences: { theme: 'light' }, created_at: '', updated_at: '' }

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('ProfilePage', () => {
  it('saves details and preferences with PATCH /users/me, keeping unknown preferences', async () => {
    const api = mockApi({
      'GET /auth/me': () => ({ data: { user: testUser } }),
      'GET /users/me': () => ({ data: profile }),
      'PATCH /users/me': ({ body }) => ({ data: { ...profile, ...(body as object) } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ProfilePage />)

    await user.type(await screen.findByLabelText('Phone'), '+44 20 7946 0000')
    await user.selectOptions(screen.getByLabelText('Units'), 'imperial')
    await user.click(screen.getByRole('button', { name: 'Save profile' }))

    expect(await screen.findByText('Your profile is saved.')).toBeInTheDocument()
    expect(api.calls.find((call) => call.method === 'PATCH')?.body).toEqual({
      first_name: 'Ada',
      last_name: 'Lovelace',
      phone: '+44 20 7946 0000',
      address: '',
      preferences: { theme: 'light', units: 'imperial', newsletter: false },
    })
  })

  it('prefills an unnamed profile from the account name, ready to save', async () => {
    const api = mockApi({
      'GET /auth/me': () => ({ data: { user: { ...testUser, name: 'Ada King Lovelace' } } }),
      'GET /users/me': () => ({ data: { ...profile, first_name: '', last_name: '' } }),
      'PATCH /users/me': ({ body }) => ({ data: { ...profile, ...(body as object) } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ProfilePage />)

    expect(await screen.findByLabelText('First name')).toHaveValue('Ada')
    expect(screen.getByLabelText('Last name')).toHaveValue('King Lovelace')
    await user.click(screen.getByRole('button', { name: 'Save profile' }))

    expect(await screen.findByText('Your profile is saved.')).toBeInTheDocument()
    expect(api.calls.find((call) => call.method === 'PATCH')?.body).toMatchObject({ first_name: 'Ada', last_name: 'King Lovelace' })
  })

  it('keeps the names the profile already has', async () => {
    mockApi({
      'GET /auth/me': () => ({ data: { user: { ...testUser, name: 'Someone Else' } } }),
      'GET /users/me': () => ({ data: { ...profile, first_name: 'Augusta', last_name: 'Byron' } }),
    })
    renderWithProviders(<ProfilePage />)

    expect(await screen.findByLabelText('First name')).toHaveValue('Augusta')
    expect(screen.getByLabelText('Last name')).toHaveValue('Byron')
    expect(screen.getByRole('button', { name: 'Save profile' })).toBeDisabled()
  })

  it('refuses a phone number with letters', async () => {
    const api = mockApi({ 'GET /auth/me': () => ({ data: { user: testUser } }), 'GET /users/me': () => ({ data: profile }) })
    const user = userEvent.setup()
    renderWithProviders(<ProfilePage />)

    await user.type(await screen.findByLabelText('Phone'), 'call me')
    await user.click(screen.getByRole('button', { name: 'Save profile' }))

    expect(await screen.findByText(/Enter a phone number/)).toBeInTheDocument()
    expect(api.count('PATCH', '/users/me')).toBe(0)
  })

  it('deletes the account only after confirming', async () => {
    const api = mockApi({
      'GET /auth/me': () => ({ data: { user: testUser } }),
      'GET /users/me': () => ({ data: profile }),
      'DELETE /users/me': () => ({ data: { deleted: { pets: 1, analyses: 2 } } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ProfilePage />, { route: '/profile' })

    await user.click(await screen.findByRole('button', { name: 'Delete my account' }))
    expect(screen.getByRole('alertdialog', { name: 'Delete your account?' })).toBeInTheDocument()
    expect(api.count('DELETE', '/users/me')).toBe(0)
    // The confirmation says exactly what goes.
    const list = screen.getByTestId('deletion-list')
    for (const what of ['ada@example.com', 'every pet and its analysis history', 'every photo you uploaded', 'product recommendations', 'every device is signed out'])
      expect(list).toHaveTextContent(what)
    await user.click(screen.getByRole('button', { name: 'Delete my account and data' }))
    expect(await screen.findByText('Enter your password to confirm.')).toBeInTheDocument()
    expect(api.count('DELETE', '/users/me')).toBe(0)
    await user.type(within(screen.getByRole('alertdialog')).getByLabelText('Your password'), 'correct horse 1')
    await user.click(screen.getByRole('button', { name: 'Delete my account and data' }))

    await vi.waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/login$/))
    expect(api.calls.find((call) => call.method === 'DELETE')?.body).toEqual({ password: 'correct horse 1' })
    expect(sessionStorage.getItem('sb.notice')).toMatch(/account and all your data are deleted/)
  })

  it('keeps the session and says so when the password for deletion is wrong', async () => {
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const api = mockApi({
      'GET /auth/me': () => ({ data: { user: testUser } }),
      'GET /users/me': () => ({ data: profile }),
      'DELETE /users/me': () => ({ status: 401, error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect.' } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<ProfilePage />, { route: '/profile' })

    await user.click(await screen.findByRole('button', { name: 'Delete my account' }))
    await user.type(within(screen.getByRole('alertdialog')).getByLabelText('Your password'), 'wrong horse 1')
    await user.click(screen.getByRole('button', { name: 'Delete my account and data' }))

    expect(await screen.findByText('That is not your password.')).toBeInTheDocument()
    expect(screen.getByTestId('location')).toHaveTextContent('/profile')
    expect(expired).not.toHaveBeenCalled()
    expect(api.count('POST', '/auth/refresh')).toBe(0)
  })

  it('asks for a new email with the password and shows a wrong password on that field', async () => {
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const api = mockApi({
      'GET /auth/me': () => ({ data: { user: testUser } }),
      'GET /users/me': () => ({ data: profile }),
      'POST /auth/email/change': ({ body }) =>
        (body as { password: string }).password === 'right horse 1'
          ? { status: 202, data: { accepted: true } }
          : { status: 401, error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect.' } },
    })
    const user = userEvent.setup()
    renderWithProviders(<ProfilePage />, { route: '/profile' })
    const form = await screen.findByRole('form', { name: 'Change email' })

    await user.type(within(form).getByLabelText('New email'), 'new@example.com')
    await user.type(within(form).getByLabelText('Your password'), 'wrong horse 1')
    await user.click(within(form).getByRole('button', { name: 'Change email' }))
    expect(await within(form).findByText('That is not your password.')).toBeInTheDocument()
    expect(expired).not.toHaveBeenCalled()
    expect(api.count('POST', '/auth/refresh')).toBe(0)

    await user.clear(within(form).getByLabelText('Your password'))
    await user.type(within(form).getByLabelText('Your password'), 'right horse 1')
    await user.click(within(form).getByRole('button', { name: 'Change email' }))
    expect(await within(form).findByText(/Check the inbox of new@example.com/)).toBeInTheDocument()
  })
})

import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockApi, testUser } from '../test/api'
import { renderWithProviders } from '../test/render'
import RegisterPage from './RegisterPage'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('RegisterPage validation', () => {
  it('explains every invalid field without calling the API', async () => {
    const api = mockApi({})
    const user = userEvent.setup()
    renderWithProviders(<RegisterPage />)

    await user.type(screen.getByLabelText('Email'), 'not-an-email')
    await user.type(screen.getByLabelText('Password'), 'short')
    await user.type(screen.getByLabelText('Confirm password'), 'other')
    await user.click(screen.getByRole('button', { name: 'Create account' }))

    expect(await screen.findByText('Enter your name.')).toBeInTheDocument()
    expect(screen.getByText('Enter a valid email address.')).toBeInTheDocument()
    expect(screen.getByText('Use at least 10 characters.')).toBeInTheDocument()
    expect(screen.getByText('The passwords do not match.')).toBeInTheDocument()
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Email')).toHaveAccessibleDescription('Enter a valid email address.')
    expect(api.fetchMock).not.toHaveBeenCalled()
  })

  it('shows EMAIL_TAKEN on the email field', async () => {
    mockApi({ 'POST /auth/register': () => ({ status: 409, error: { code: 'EMAIL_TAKEN', message: 'Email taken.' } }) })
    const user = userEvent.setup()
    renderWithProviders(<RegisterPage />)

    await user.type(screen.getByLabelText('Name'), 'Ada')
    await user.type(screen.getByLabelText('Email'), testUser.email)
    await user.type(screen.getByLabelText('Password'), 'longenough1')
    await user.type(screen.getByLabelText('Confirm password'), 'longenough1')
    await user.click(screen.getByRole('button', { name: 'Create account' }))

    expect(await screen.findByText(/An account with this email already exists/)).toBeInTheDocument()
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
  })

  it('puts server VALIDATION_ERROR details on their fields', async () => {
    mockApi({
      'POST /auth/register': () => ({ status: 400, error: { code: 'VALIDATION_ERROR', message: 'Invalid.', details: { password: ['This password is too common.'] } } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<RegisterPage />)

    await user.type(screen.getByLabelText('Name'), 'Ada')
    await user.type(screen.getByLabelText('Email'), testUser.email)
    await user.type(screen.getByLabelText('Password'), 'password123')
    await user.type(screen.getByLabelText('Confirm password'), 'password123')
    await user.click(screen.getByRole('button', { name: 'Create account' }))

    expect(await screen.findByText('This password is too common.')).toBeInTheDocument()
  })

  it('creates the account and goes to the page it was asked for', async () => {
    const api = mockApi({ 'POST /auth/register': () => ({ status: 201, data: { user: testUser } }) })
    const user = userEvent.setup()
    renderWithProviders(<RegisterPage />, { route: '/register?next=%2Fask' })

    await user.type(screen.getByLabelText('Name'), 'Ada Lovelace')
    await user.type(screen.getByLabelText('Email'), ' ada@example.com ')
    await user.type(screen.getByLabelText('Password'), 'longenough1')
    await user.type(screen.getByLabelText('Confirm password'), 'longenough1')
    await user.click(screen.getByRole('button', { name: 'Create account' }))

    await vi.waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent('/ask'))
    expect(api.calls[0].body).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', password: 'longenough1' })
  })

  it('ignores a next parameter that leaves the site', async () => {
    mockApi({ 'POST /auth/register': () => ({ status: 201, data: { user: testUser } }) })
    const user = userEvent.setup()
    renderWithProviders(<RegisterPage />, { route: '/register?next=%2F%2Fevil.example' })

    await user.type(screen.getByLabelText('Name'), 'Ada')
    await user.type(screen.getByLabelText('Email'), testUser.email)
    await user.type(screen.getByLabelText('Password'), 'longenough1')
    await user.type(screen.getByLabelText('Confirm password'), 'longenough1')
    await user.click(screen.getByRole('button', { name: 'Create account' }))

    await vi.waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/'))
  })
})

import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { UnverifiedBanner } from '../components/Layout/UnverifiedBanner'
import { mockApi, testUser } from '../test/api'
import { renderWithProviders } from '../test/render'
import { VerifyEmailPage } from './EmailLinkPage'
import ForgotPasswordPage from './ForgotPasswordPage'
import ResetPasswordPage from './ResetPasswordPage'

afterEach(() => {
  vi.unstubAllGlobals()
  sessionStorage.clear()
})

describe('forgot and reset password', () => {
  it('asks for a link and answers the same whatever the address', async () => {
    const api = mockApi({ 'POST /auth/password/forgot': () => ({ status: 202, data: { accepted: true } }) })
    const user = userEvent.setup()
    renderWithProviders(<ForgotPasswordPage />, { route: '/forgot-password' })

    await user.type(screen.getByLabelText('Email'), 'ada@example.com')
    await user.click(screen.getByRole('button', { name: 'Send me a reset link' }))

    expect(await screen.findByText(/If ada@example.com belongs to an account/)).toBeInTheDocument()
    expect(api.calls[0].body).toEqual({ email: 'ada@example.com' })
  })

  it('sets the new password with the token from the link, then sends the user to log in with a notice', async () => {
    const api = mockApi({ 'POST /auth/password/reset': () => ({ data: { password_reset: true } }) })
    const user = userEvent.setup()
    renderWithProviders(<ResetPasswordPage />, { route: '/reset-password#token=tok-123' })

    await user.type(screen.getByLabelText('New password'), 'brand new kennel 77')
    await user.type(screen.getByLabelText('Confirm new password'), 'brand new kennel 77')
    await user.click(screen.getByRole('button', { name: 'Set new password' }))

    await vi.waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(/^\/login$/))
    expect(api.calls[0].body).toEqual({ token: 'tok-123', new_password: 'brand new kennel 77' })
    expect(sessionStorage.getItem('sb.notice')).toMatch(/every device was signed out/)
  })

  it('says when the link is used or expired', async () => {
    mockApi({ 'POST /auth/password/reset': () => ({ status: 400, error: { code: 'TOKEN_INVALID', message: 'invalid' } }) })
    const user = userEvent.setup()
    renderWithProviders(<ResetPasswordPage />, { route: '/reset-password#token=used' })

    await user.type(screen.getByLabelText('New password'), 'brand new kennel 77')
    await user.type(screen.getByLabelText('Confirm new password'), 'brand new kennel 77')
    await user.click(screen.getByRole('button', { name: 'Set new password' }))

    expect(await screen.findByText(/invalid, already used or expired/)).toBeInTheDocument()
    expect(screen.getByTestId('location')).toHaveTextContent('/reset-password')
  })
})

describe('email verification', () => {
  it('follows the link once on arrival and says the address is confirmed', async () => {
    const api = mockApi({ 'POST /auth/email/verify': () => ({ data: { user: { ...testUser, email_verified: true } } }) })
    renderWithProviders(<VerifyEmailPage />, { route: '/verify-email#token=tok-9' })

    expect(await screen.findByText('Thank you: ada@example.com is confirmed.')).toBeInTheDocument()
    expect(api.calls).toEqual([{ method: 'POST', path: '/auth/email/verify', body: { token: 'tok-9' } }])
  })

  it('shows the unverified banner with a resend that reports its rate limit', async () => {
    let sent = 0
    mockApi({
      'POST /auth/email/verify/resend': () => (sent++ === 0 ? { status: 202, data: { sent: true } } : { status: 429, error: { code: 'RATE_LIMITED', message: 'Too many.', details: { retry_after: 42 } } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<UnverifiedBanner user={{ ...testUser, email_verified: false }} />)

    await user.click(screen.getByRole('button', { name: 'Resend the link' }))
    expect(await screen.findByText('A new link is on its way.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Resend the link' }))
    expect(await screen.findByText(/wait 42 seconds/)).toBeInTheDocument()
  })

  it('shows no banner once the address is verified', () => {
    renderWithProviders(<UnverifiedBanner user={{ ...testUser, email_verified: true }} />)
    expect(screen.queryByTestId('unverified-banner')).toBeNull()
  })
})

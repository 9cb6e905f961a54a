import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppRoutes } from './routes'
import { adminUser, mockApi, testUser } from './test/api'
import { renderWithProviders } from './test/render'

afterEach(() => {
  vi.unstubAllGlobals()
})

const expired = { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'Your session has expired.' } }

describe('session expiry', () => {
  it('sends the user to login with the wanted page when the refresh fails, and back there after login', async () => {
    let loggedIn = false
    mockApi({
      'GET /auth/me': () => ({ data: { user: testUser } }),
      'GET /pets': () => (loggedIn ? { data: [] } : expired),
      'POST /auth/refresh': () => ({ status: 401, error: { code: 'TOKEN_INVALID', message: 'invalid' } }),
      'POST /auth/login': () => {
        loggedIn = true
        return { data: { user: testUser } }
      },
    })
    renderWithProviders(<AppRoutes />, { route: '/pets?sort=name' })

    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument()
    expect(screen.getByTestId('location')).toHaveTextContent(`/login?next=${encodeURIComponent('/pets?sort=name')}`)
    expect(screen.getByText('Your session ended, log in again')).toBeInTheDocument()

    const user = userEvent.setup()
    await user.type(screen.getByLabelText('Email'), testUser.email)
    await user.type(screen.getByLabelText('Password'), 'correct horse 1')
    await user.click(screen.getByRole('button', { name: 'Log in' }))

    expect(await screen.findByRole('heading', { name: 'My pets' })).toBeInTheDocument()
    expect(screen.getByTestId('location')).toHaveTextContent('/pets?sort=name')
  })

  it('sends an anonymous visitor of a protected page to login keeping the page', async () => {
    mockApi({
      'GET /auth/me': () => ({ status: 401, error: { code: 'AUTH_REQUIRED', message: 'Log in.' } }),
      'POST /auth/refresh': () => ({ status: 401, error: { code: 'TOKEN_INVALID', message: 'invalid' } }),
    })
    renderWithProviders(<AppRoutes />, { route: '/analyze' })

    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument()
    expect(screen.getByTestId('location')).toHaveTextContent('/login?next=%2Fanalyze')
  })
})

describe('admin area', () => {
  it('hides the knowledge base link and refuses the page for a regular user', async () => {
    mockApi({ 'GET /auth/me': () => ({ data: { user: testUser } }) })
    renderWithProviders(<AppRoutes />, { route: '/admin' })

    expect(await screen.findByText('Admins only')).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Knowledge base' })).not.toBeInTheDocument()
  })

  it('shows documents with their chunk counts to an admin', async () => {
    mockApi({
      'GET /auth/me': () => ({ data: { user: adminUser } }),
      'GET /rag/documents': () => ({ data: [{ id: 'd1', title: 'Labrador Retriever guide', document_type: 'breed_guide', chunk_count: 12, created_at: '2026-01-02T00:00:00Z' }] }),
    })
    renderWithProviders(<AppRoutes />, { route: '/admin' })

    const row = await screen.findByTestId('document-item')
    expect(row).toHaveTextContent('Labrador Retriever guide')
    expect(row).toHaveTextContent('12')
    expect(screen.getAllByRole('link', { name: 'Knowledge base' }).length).toBeGreaterThan(0)
  })
})

describe('landing, titles and focus', () => {
  it('shows the landing page at / to a signed-out visitor, with sign up and log in', async () => {
    mockApi({ 'GET /auth/me': () => ({ status: 401, error: { code: 'AUTH_REQUIRED', message: 'Log in.' } }), 'POST /auth/refresh': () => ({ status: 401, error: { code: 'TOKEN_INVALID', message: 'no' } }) })
    renderWithProviders(<AppRoutes />, { route: '/' })

    expect(await screen.findByRole('heading', { level: 1, name: 'Know your pet, care for it well' })).toBeInTheDocument()
    expect(screen.getAllByRole('link', { name: /Sign up|Create a free account/ })[0]).toHaveAttribute('href', '/register')
    expect(screen.getAllByRole('link', { name: 'Log in' })[0]).toHaveAttribute('href', '/login')
    expect(screen.getByText('A sample result')).toBeInTheDocument()
    expect(screen.getByTestId('location')).toHaveTextContent(/^\/$/)
  })

  it('names the tab after the page and moves focus to its heading on navigation', async () => {
    mockApi({ 'GET /auth/me': () => ({ data: { user: testUser } }), 'GET /dashboard': () => ({ data: { pets: [], recent_analyses: [], recommendations: null } }), 'GET /pets': () => ({ data: [] }), 'GET /users/me': () => ({ data: null }) })
    const user = userEvent.setup()
    renderWithProviders(<AppRoutes />, { route: '/' })

    await screen.findByRole('heading', { level: 1, name: /Hello, Ada/ })
    await user.click(screen.getAllByRole('link', { name: 'My pets' })[0])
    const heading = await screen.findByRole('heading', { level: 1, name: 'My pets' })
    await vi.waitFor(() => expect(heading).toHaveFocus())
    expect(document.title).toBe('My pets · SmartBreeds')
  })

  it('gives the 404 page an <h1>', async () => {
    mockApi({ 'GET /auth/me': () => ({ data: { user: testUser } }) })
    renderWithProviders(<AppRoutes />, { route: '/no-such-page' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument()
  })
})


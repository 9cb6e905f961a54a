import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockApi } from '../../test/api'
import { renderWithProviders } from '../../test/render'
import { SessionList } from './SessionList'

afterEach(() => {
  vi.unstubAllGlobals()
})

const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36'
const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1'

describe('SessionList', () => {
  it('lists sessions, marks this one, and signs out the others', async () => {
    let sessions = [
      { id: 's1', created_at: '2026-01-01T00:00:00Z', last_used_at: '2026-01-02T00:00:00Z', user_agent: chrome, ip: '203.0.113.x', current: true },
      { id: 's2', created_at: '2026-01-01T00:00:00Z', last_used_at: null, user_agent: iphone, ip: '198.51.100.x', current: false },
      { id: 's3', created_at: '2026-01-01T00:00:00Z', last_used_at: null, user_agent: chrome, ip: '192.0.2.x', current: false },
    ]
    const api = mockApi({
      'GET /auth/sessions': () => ({ data: sessions }),
      'DELETE /auth/sessions/s2': () => {
        sessions = sessions.filter((session) => session.id !== 's2')
        return { data: {} }
      },
      'DELETE /auth/sessions/s3': () => {
        sessions = sessions.filter((session) => session.id !== 's3')
        return { data: {} }
      },
    })
    const user = userEvent.setup()
    renderWithProviders(<SessionList />)

    const items = await screen.findAllByTestId('session-item')
    expect(items[0]).toHaveTextContent('Chrome on Linux')
    expect(items[0]).toHaveTextContent('This device')
    expect(items[1]).toHaveTextContent('Safari on iOS')

    await user.click(screen.getByRole('button', { name: 'Sign out all other devices' }))
    await vi.waitFor(() => expect(screen.getAllByTestId('session-item')).toHaveLength(1))
    expect(api.count('DELETE', '/auth/sessions/s1')).toBe(0)
    expect(api.count('DELETE', '/auth/sessions/s2')).toBe(1)
    expect(api.count('DELETE', '/auth/sessions/s3')).toBe(1)
  })
})

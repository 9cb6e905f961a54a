import { afterEach, describe, expect, it, vi } from 'vitest'
import { envelopeResponse, mockApi } from '../test/api'
import { api, call, setSessionExpiredHandler } from './client'
import { ApiError, apiErrorFromBody } from './errors'

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

afterEach(() => {
  vi.unstubAllGlobals()
})

const getPets = () => call(() => api.GET('/api/v1/pets'))
const getProfile = () => call(() => api.GET('/api/v1/users/me'))
const getDashboard = () => call(() => api.GET('/api/v1/dashboard'))
const createPet = (body: { name: string; species: 'dog' | 'cat' | 'other'; age?: number }) => call(() => api.POST('/api/v1/pets', { body }))

describe('call: session refresh', () => {
  it('refreshes once after a 401 and retries the request', async () => {
    let sessionValid = false
    const mock = mockApi({
      'GET /pets': () => (sessionValid ? { data: [{ id: 'p1' }] } : { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } }),
      'POST /auth/refresh': () => {
        sessionValid = true
        return { data: { user: {} } }
      },
    })

    await expect(getPets()).resolves.toEqual([{ id: 'p1' }])
    expect(mock.count('POST', '/auth/refresh')).toBe(1)
    expect(mock.count('GET', '/pets')).toBe(2)
    expect(mock.fetchMock.mock.calls.every(([request]) => request instanceof Request && request.credentials === 'include')).toBe(true)
  })

  it('treats a 401 INVALID_CREDENTIALS as the action failing: no refresh, no session-expired handler', async () => {
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const mock = mockApi({
      'POST /auth/password': () => ({ status: 401, error: { code: 'INVALID_CREDENTIALS', message: 'Email or password is incorrect.' } }),
      'POST /auth/refresh': () => ({ data: { user: {} } }),
    })

    const change = call(() => api.POST('/api/v1/auth/password', { body: { current_password: 'wrong', new_password: 'new horse 42' } }))
    await expect(change).rejects.toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' })
    expect(expired).not.toHaveBeenCalled()
    expect(mock.count('POST', '/auth/refresh')).toBe(0)
    expect(mock.count('POST', '/auth/password')).toBe(1)
  })

  it('calls the session-expired handler and rejects with the 401 when the refresh fails', async () => {
    const expired = vi.fn()
    setSessionExpiredHandler(expired)
    const mock = mockApi({
      'GET /pets': () => ({ status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } }),
      'POST /auth/refresh': () => ({ status: 401, error: { code: 'TOKEN_INVALID', message: 'invalid' } }),
    })

    await expect(getPets()).rejects.toMatchObject({ status: 401, code: 'TOKEN_EXPIRED' })
    expect(expired).toHaveBeenCalledTimes(1)
    expect(mock.count('GET', '/pets')).toBe(1)
  })

  it('shares one refresh between concurrent 401s', async () => {
    let sessionValid = false
    const refreshGate = deferred<void>()
    const mock = mockApi({
      'GET /pets': () => (sessionValid ? { data: 'pets' } : { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } }),
      'GET /users/me': () => (sessionValid ? { data: 'profile' } : { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } }),
      'GET /dashboard': () => (sessionValid ? { data: 'dashboard' } : { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } }),
      'POST /auth/refresh': async () => {
        await refreshGate.promise
        sessionValid = true
        return { data: { user: {} } }
      },
    })

    const results = Promise.all([getPets(), getProfile(), getDashboard()])
    await vi.waitFor(() => expect(mock.count('POST', '/auth/refresh')).toBe(1))
    refreshGate.resolve()

    await expect(results).resolves.toEqual(['pets', 'profile', 'dashboard'])
    expect(mock.count('POST', '/auth/refresh')).toBe(1)
  })

  it('retries without a second refresh when the 401 belongs to a request sent before a refresh completed', async () => {
    let sessionValid = false
    const slowReply = deferred<void>()
    const mock = mockApi({
      'GET /pets': async () => {
        await slowReply.promise
        return { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } }
      },
      'GET /dashboard': () => (sessionValid ? { data: 'dashboard' } : { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } }),
      'POST /auth/refresh': () => {
        sessionValid = true
        return { data: { user: {} } }
      },
    })

    const slow = getPets().catch((error: unknown) => error)
    await expect(getDashboard()).resolves.toBe('dashboard')
    slowReply.resolve()
    await slow
    // The stale 401 led to a retry of /pets, not to re-sending the rotated refresh token.
    expect(mock.count('POST', '/auth/refresh')).toBe(1)
    expect(mock.count('GET', '/pets')).toBe(2)
  })

  it('does not refresh for calls made without a session (login)', async () => {
    const mock = mockApi({
      'POST /auth/login': () => ({ status: 401, error: { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password.' } }),
    })

    await expect(call(() => api.POST('/api/v1/auth/login', { body: { email: 'ada@example.com', password: 'wrong' } }), 'none')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' })
    expect(mock.count('POST', '/auth/refresh')).toBe(0)
  })
})

describe('error envelope parsing', () => {
  it('reads code, message, details and status from the envelope', async () => {
    mockApi({
      'POST /pets': () => ({ status: 400, error: { code: 'VALIDATION_ERROR', message: 'Invalid input.', details: { age: ['Must be >= 0.'] } } }),
    })

    const error = await createPet({ name: 'Rex', species: 'dog', age: -1 }).catch((caught: unknown) => caught)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', message: 'Invalid input.', status: 400, details: { age: ['Must be >= 0.'] } })
    expect((error as ApiError).fieldErrors()).toEqual({ age: ['Must be >= 0.'] })
  })

  it('turns a non-envelope error page into a stable code for its status', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>Bad gateway</html>', { status: 502 })))

    await expect(getPets()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 502 })
  })

  it('reports an unreachable server as NETWORK_ERROR', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))

    await expect(getPets()).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
  })

  it('keeps details empty when the envelope has none', () => {
    const error = apiErrorFromBody(409, { success: false, data: null, error: { code: 'EMAIL_TAKEN', message: 'Taken.', details: null } })
    expect(error).toMatchObject({ code: 'EMAIL_TAKEN', details: {}, status: 409 })
  })

  it('returns data of a successful envelope', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => envelopeResponse({ status: 201, data: { id: 'x' } })))
    await expect(createPet({ name: 'Rex', species: 'dog' })).resolves.toEqual({ id: 'x' })
  })
})

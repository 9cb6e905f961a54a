import { describe, expect, it } from 'vitest'
import { apiErrorFromBody, retryAfterSeconds } from './errors'

const limited = { success: false, data: null, error: { code: 'RATE_LIMITED', message: 'Too many requests; slow down.', details: {} }, timestamp: 't' }

describe('429 answers', () => {
  it('say how long to wait, from the Retry-After header', () => {
    const error = apiErrorFromBody(429, limited, '42')
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.message).toBe('Too many attempts. Please wait 42 seconds and try again.')
    expect(error.details.retry_after).toBe(42)
  })

  it('prefer details.retry_after, and round minutes up', () => {
    const body = { ...limited, error: { ...limited.error, details: { retry_after: 61 } } }
    expect(apiErrorFromBody(429, body, '5').message).toBe('Too many attempts. Please wait 2 minutes and try again.')
  })

  it('read an HTTP-date Retry-After', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(retryAfterSeconds({}, 'Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30)
  })

  it('still say to wait when no time is given', () => {
    expect(apiErrorFromBody(429, limited).message).toBe('Too many attempts. Please wait a moment and try again.')
  })
})

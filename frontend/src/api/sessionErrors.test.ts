import { describe, expect, it } from 'vitest'
import { isSessionFailure } from './sessionErrors'

const body = (code: string) => ({ success: false, data: null, error: { code, message: 'm' }, timestamp: 't' })

describe('isSessionFailure', () => {
  it('is true for the session codes and for an unreadable 401', () => {
    for (const code of ['AUTH_REQUIRED', 'TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'TOKEN_REUSED']) expect(isSessionFailure(401, body(code))).toBe(true)
    expect(isSessionFailure(401, null)).toBe(true)
  })

  it('is false for a failed action (wrong password) and for other statuses', () => {
    expect(isSessionFailure(401, body('INVALID_CREDENTIALS'))).toBe(false)
    expect(isSessionFailure(403, body('TOKEN_REVOKED'))).toBe(false)
    expect(isSessionFailure(400, body('TOKEN_INVALID'))).toBe(false) // a mailed link's TOKEN_INVALID is a 400
  })
})

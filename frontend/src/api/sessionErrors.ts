/**
 * A 401 means "the session is gone" only with one of these codes. Any other 401 (INVALID_CREDENTIALS
 * when a form re-asks for the password) is the action's own failure: the session goes on, the form
 * shows the error where it belongs, and nothing is refreshed or redirected.
 */
export const SESSION_ERROR_CODES: ReadonlySet<string> = new Set([
  'AUTH_REQUIRED',
  'TOKEN_INVALID',
  'TOKEN_EXPIRED',
  'TOKEN_REVOKED',
  'TOKEN_REUSED',
])

/** True for a 401 about the session itself (or an unreadable 401, which can only be treated so). */
export function isSessionFailure(status: number, body: unknown): boolean {
  if (status !== 401) return false
  const code = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: { code?: unknown } | null }).error?.code : undefined
  return typeof code !== 'string' || SESSION_ERROR_CODES.has(code)
}

// Marks, across the redirect to /login, that a session ended under the user (not a normal logout).
const ENDED_KEY = 'sb.session-ended'

export function markSessionEnded(): void {
  try {
    sessionStorage.setItem(ENDED_KEY, '1')
  } catch {
    // Storage may be unavailable (private mode): the login page then shows no notice.
  }
}

/** True once after a session ended; reading clears the mark. */
export function takeSessionEnded(): boolean {
  try {
    const ended = sessionStorage.getItem(ENDED_KEY) === '1'
    sessionStorage.removeItem(ENDED_KEY)
    return ended
  } catch {
    return false
  }
}

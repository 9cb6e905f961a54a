// A one-time notice carried across a navigation that drops the session (account deleted, signed out
// everywhere, password reset): the next page shows it once.
const NOTICE_KEY = 'sb.notice'

export function leaveNotice(text: string): void {
  try {
    sessionStorage.setItem(NOTICE_KEY, text)
  } catch {
    // Storage may be unavailable (private mode): no notice then.
  }
}

/** The notice left for this page, once; reading clears it. */
export function takeNotice(): string | null {
  try {
    const text = sessionStorage.getItem(NOTICE_KEY)
    sessionStorage.removeItem(NOTICE_KEY)
    return text
  } catch {
    return null
  }
}

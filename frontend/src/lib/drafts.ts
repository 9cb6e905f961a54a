// Unsaved form input kept in sessionStorage (this tab only), so a session that ends mid-edit loses nothing.
const PREFIX = 'sb.draft.'

export function loadDraft<T extends object>(key: string): Partial<T> | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + key)
    if (!raw) return null
    const value: unknown = JSON.parse(raw)
    return typeof value === 'object' && value !== null ? (value as Partial<T>) : null
  } catch {
    return null
  }
}

export function saveDraft(key: string, value: object): void {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(value))
  } catch {
    // Full or unavailable storage: the draft is simply not kept.
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(PREFIX + key)
  } catch {
    // Nothing to clear.
  }
}

/** Every draft goes when the account signs out or is deleted (a shared computer keeps nothing). */
export function clearAllDrafts(): void {
  try {
    for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key)
  } catch {
    // Nothing to clear.
  }
}

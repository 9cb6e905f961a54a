import { ApiError, apiErrorFromBody, networkError } from './errors'
import { isSessionFailure } from './sessionErrors'

export const API_BASE = '/api/v1'

/**
 * How a call treats a 401:
 * - `session`: refresh once and retry; if the refresh fails, the session-expired handler runs.
 * - `probe`: refresh once and retry, but a failed refresh only rejects (used to ask "who am I?").
 * - `none`: no refresh (login, register, refresh itself).
 */
export type AuthMode = 'session' | 'probe' | 'none'

interface RawResponse {
  status: number
  body: unknown
  /** The Retry-After header of a 429/503, if any. */
  retryAfter?: string | null
}

type SessionExpiredHandler = () => void

let sessionExpiredHandler: SessionExpiredHandler = () => {
  const wanted = window.location.pathname + window.location.search
  window.location.assign(`/login?next=${encodeURIComponent(wanted)}`)
}
let refreshInFlight: Promise<boolean> | null = null
// Bumped by each successful refresh: a request sent before it only needs a retry, not a second refresh
// (re-sending a rotated refresh token would be TOKEN_REUSED and revoke the session).
let sessionGeneration = 0

export function setSessionExpiredHandler(handler: SessionExpiredHandler): void {
  sessionExpiredHandler = handler
}

/** One POST /auth/refresh at a time; concurrent callers share its outcome. */
export function refreshSession(): Promise<boolean> {
  if (refreshInFlight === null) {
    refreshInFlight = fetch(`${API_BASE}/auth/refresh`, {
      method: 'POST',
      credentials: 'include',
      headers: { Accept: 'application/json' },
    })
      .then((response) => {
        if (response.ok) sessionGeneration += 1
        return response.ok
      })
      .catch(() => false)
      .finally(() => {
        refreshInFlight = null
      })
  }
  return refreshInFlight
}

/** Runs `send`, and on a session 401 (not e.g. INVALID_CREDENTIALS) refreshes the session (once, shared) and sends again. */
export async function withSession(send: () => Promise<RawResponse>, auth: AuthMode): Promise<RawResponse> {
  const generation = sessionGeneration
  const first = await send()
  if (!isSessionFailure(first.status, first.body) || auth === 'none') return first
  const refreshed = generation !== sessionGeneration || (await refreshSession())
  if (!refreshed) {
    if (auth === 'session') sessionExpiredHandler()
    return first
  }
  const second = await send()
  if (isSessionFailure(second.status, second.body) && auth === 'session') sessionExpiredHandler()
  return second
}

function parseJson(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

function unwrap<T>(raw: RawResponse): T {
  const body = raw.body
  const isEnvelope = typeof body === 'object' && body !== null && 'success' in body
  if (raw.status >= 200 && raw.status < 300) {
    if (raw.status === 204 || body === null) return null as T
    if (isEnvelope && (body as { success: unknown }).success === true) return (body as unknown as { data: T }).data
  }
  throw apiErrorFromBody(raw.status, body, raw.retryAfter)
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  json?: unknown
  form?: FormData
  auth?: AuthMode
  signal?: AbortSignal
}

/** Calls `/api/v1<path>` with the session cookies and returns the envelope's `data`. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', json, form, auth = 'session', signal } = options
  const headers: Record<string, string> = { Accept: 'application/json' }
  let body: BodyInit | undefined
  if (form) body = form
  else if (json !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(json)
  }
  const send = async (): Promise<RawResponse> => {
    let response: Response
    try {
      response = await fetch(`${API_BASE}${path}`, { method, headers, body, credentials: 'include', signal })
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error
      throw networkError()
    }
    return { status: response.status, body: parseJson(await response.text()), retryAfter: response.headers?.get('Retry-After') }
  }
  return unwrap<T>(await withSession(send, auth))
}

export interface UploadOptions {
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
  auth?: AuthMode
}

/** A multipart POST through XMLHttpRequest, so upload progress can be reported (fetch cannot). */
export async function apiUpload<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  const { onProgress, signal, auth = 'session' } = options
  const send = () =>
    new Promise<RawResponse>((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', `${API_BASE}${path}`)
      xhr.withCredentials = true
      xhr.setRequestHeader('Accept', 'application/json')
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total)
      }
      xhr.onload = () => resolve({ status: xhr.status, body: parseJson(xhr.responseText), retryAfter: xhr.getResponseHeader('Retry-After') })
      xhr.onerror = () => reject(networkError())
      xhr.ontimeout = () => reject(networkError())
      xhr.onabort = () => reject(new DOMException('Upload aborted', 'AbortError'))
      signal?.addEventListener('abort', () => xhr.abort(), { once: true })
      onProgress?.(0)
      xhr.send(form)
    })
  const result = await withSession(send, auth)
  onProgress?.(1)
  return unwrap<T>(result)
}

export { ApiError }

/** GET a file (e.g. the data export zip) with the session, refreshing it once if needed. */
export async function apiDownload(path: string): Promise<{ blob: Blob; filename: string | null }> {
  let file: { blob: Blob; filename: string | null } | null = null
  const send = async (): Promise<RawResponse> => {
    let response: Response
    try {
      response = await fetch(`${API_BASE}${path}`, { credentials: 'include' })
    } catch {
      throw networkError()
    }
    if (!response.ok) return { status: response.status, body: parseJson(await response.text()), retryAfter: response.headers.get('Retry-After') }
    const disposition = response.headers.get('Content-Disposition') ?? ''
    file = { blob: await response.blob(), filename: /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null }
    return { status: response.status, body: null }
  }
  const raw = await withSession(send, 'session')
  if (file === null) throw apiErrorFromBody(raw.status, raw.body, raw.retryAfter)
  return file
}

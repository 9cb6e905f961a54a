import createClient from 'openapi-fetch'
import { apiErrorFromBody, networkError } from './errors'
import { isSessionFailure } from './sessionErrors'
import type { paths } from './types'

/**
 * The typed client: every path, method, path/query parameter and JSON body is checked against the
 * contract generated from the gateway's OpenAPI (./types.ts, `make contract`). Call it through `call()`,
 * which adds the session refresh and reads the envelope.
 */
export const api = createClient<paths>({
  // Absolute, so the same Request works in the browser and under Node (tests).
  baseUrl: window.location.origin,
  credentials: 'include',
  headers: { Accept: 'application/json' },
  // Looked up per call rather than captured once, so a test can replace fetch.
  fetch: (request: Request) => globalThis.fetch(request),
})

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
    refreshInFlight = api
      .POST('/api/v1/auth/refresh')
      .then(({ response }) => {
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
async function withSession(send: () => Promise<RawResponse>, auth: AuthMode): Promise<RawResponse> {
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

/** The one place that reads the envelope: its `data` on success, an ApiError from its `error` otherwise. */
function unwrap<T>(raw: RawResponse): T {
  const body = raw.body
  if (raw.status >= 200 && raw.status < 300) {
    if (raw.status === 204 || body === null || body === undefined) return null as T
    if (typeof body === 'object' && 'success' in body && body.success === true && 'data' in body) return body.data as T
  }
  throw apiErrorFromBody(raw.status, body, raw.retryAfter)
}

/** What an openapi-fetch call resolves to (success: `data` is the envelope). */
interface Sent<Body> {
  data?: Body
  error?: unknown
  response: Response
}

/**
 * Sends `send` (an `api.GET/POST/...` call) with the session, and returns the envelope's `data`,
 * typed from the contract; a failure rejects with an ApiError (the error envelope's code and message).
 */
export async function call<Data>(send: () => Promise<Sent<{ data: Data }>>, auth: AuthMode = 'session'): Promise<Data> {
  const raw = await withSession(async () => {
    let sent: Sent<{ data: Data }>
    try {
      sent = await send()
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error
      // A 2xx whose body is not JSON (openapi-fetch could not parse it) is not an answer we understand.
      if (error instanceof SyntaxError) return { status: 0, body: null }
      throw networkError()
    }
    const { data, error, response } = sent
    return { status: response.status, body: data ?? error ?? null, retryAfter: response.headers.get('Retry-After') }
  }, auth)
  return unwrap<Data>(raw)
}

// Multipart routes: uploads go through XMLHttpRequest (fetch cannot report upload progress), still typed.
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : never
type SuccessData<Op> = Op extends { responses: infer Rs }
  ? JsonBody<Rs[Extract<keyof Rs, 200 | 201 | 202>]> extends infer E
    ? E extends { data: infer D }
      ? D
      : never
    : never
  : never
type MultipartBody<Op> = Op extends { requestBody: { content: { 'multipart/form-data': infer B } } } ? B : never
export type UploadPath = {
  [P in keyof paths]: [MultipartBody<paths[P]['post']>] extends [never] ? never : P
}[keyof paths]
/** A form field as the contract names it; a binary field (a string in the schema) takes a File. */
type FormValue<V> = V extends (infer Item)[] ? FormValue<Item>[] : V extends string ? string | Blob : V
export type UploadFields<P extends UploadPath> = {
  [K in keyof MultipartBody<paths[P]['post']>]: FormValue<MultipartBody<paths[P]['post']>[K]>
}

function formData(fields: Record<string, unknown>): FormData {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null || item === '') continue
      form.append(name, item instanceof Blob ? item : String(item))
    }
  }
  return form
}

export interface UploadOptions {
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
  auth?: AuthMode
}

function parseJson(text: string): unknown {
  if (!text) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

/** A multipart POST to a contract route, with upload progress; returns the envelope's `data`. */
export async function apiUpload<P extends UploadPath>(
  path: P,
  fields: UploadFields<P>,
  options: UploadOptions = {},
): Promise<SuccessData<paths[P]['post']>> {
  const { onProgress, signal, auth = 'session' } = options
  const form = formData(fields)
  const send = () =>
    new Promise<RawResponse>((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', path)
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
  return unwrap(result)
}

/** GET a file from a contract route (the data export zip) with the session, refreshing it once if needed. */
export async function apiDownload(path: '/api/v1/users/me/export'): Promise<{ blob: Blob; filename: string | null }> {
  let file: { blob: Blob; filename: string | null } | null = null
  const send = async (): Promise<RawResponse> => {
    let sent: Sent<unknown>
    try {
      sent = await api.GET(path, { parseAs: 'stream' })
    } catch {
      throw networkError()
    }
    const { error, response } = sent
    if (!response.ok) return { status: response.status, body: error ?? null, retryAfter: response.headers.get('Retry-After') }
    const disposition = response.headers.get('Content-Disposition') ?? ''
    file = { blob: await response.blob(), filename: /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null }
    return { status: response.status, body: null }
  }
  const raw = await withSession(send, 'session')
  if (file === null) throw apiErrorFromBody(raw.status, raw.body, raw.retryAfter)
  return file
}

import type { ApiErrorBody } from './schemas'

/** An API failure: the error envelope's code/message/details plus the HTTP status (0 = no response). */
export class ApiError extends Error {
  readonly code: string
  readonly details: Record<string, unknown>
  readonly status: number

  constructor(code: string, message: string, details: Record<string, unknown> = {}, status = 0) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
    this.status = status
  }

  /** Field -> messages of a 400 VALIDATION_ERROR (empty for other errors). */
  fieldErrors(): Record<string, string[]> {
    if (this.code !== 'VALIDATION_ERROR') return {}
    const out: Record<string, string[]> = {}
    for (const [field, messages] of Object.entries(this.details)) {
      if (Array.isArray(messages)) out[field] = messages.map(String)
      else if (typeof messages === 'string') out[field] = [messages]
    }
    return out
  }
}

const FALLBACK_BY_STATUS: Record<number, [string, string]> = {
  400: ['BAD_REQUEST', 'The request was not accepted.'],
  401: ['AUTH_REQUIRED', 'Please log in to continue.'],
  403: ['FORBIDDEN', 'You do not have access to this.'],
  404: ['NOT_FOUND', 'We could not find that.'],
  413: ['PAYLOAD_TOO_LARGE', 'That file is too large.'],
  429: ['RATE_LIMITED', 'Too many attempts. Please wait a moment and try again.'],
  502: ['SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Please try again shortly.'],
  503: ['SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Please try again shortly.'],
  504: ['UPSTREAM_TIMEOUT', 'The service took too long to answer. Please try again.'],
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Record<string, unknown>
  return typeof candidate.code === 'string' && typeof candidate.message === 'string'
}

/** Seconds to wait, from details.retry_after or a Retry-After header (seconds or an HTTP date). */
export function retryAfterSeconds(details: Record<string, unknown>, header?: string | null, now: number = Date.now()): number | null {
  const fromDetails = Number(details.retry_after)
  if (details.retry_after !== undefined && Number.isFinite(fromDetails) && fromDetails >= 0) return Math.ceil(fromDetails)
  if (!header) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds)
  const date = Date.parse(header)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000))
}

/** "30 seconds", "1 minute", "2 minutes". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}

/** Reads an error envelope (or anything else a failed response carried) into an ApiError. */
export function apiErrorFromBody(status: number, body: unknown, retryAfter?: string | null): ApiError {
  let error: ApiError | null = null
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const raw = (body as { error: unknown }).error
    if (isErrorBody(raw)) {
      const details = typeof raw.details === 'object' && raw.details !== null ? raw.details : {}
      error = new ApiError(raw.code, raw.message, details, status)
    }
  }
  if (error === null) {
    const [code, message] = FALLBACK_BY_STATUS[status] ?? ['UNEXPECTED_RESPONSE', 'Something went wrong. Please try again.']
    error = new ApiError(code, message, {}, status)
  }
  if (status === 429) {
    // A 429 always says how long to wait, when the server told us.
    const wait = retryAfterSeconds(error.details, retryAfter)
    const message = wait === null ? 'Too many attempts. Please wait a moment and try again.' : `Too many attempts. Please wait ${formatWait(wait)} and try again.`
    return new ApiError(error.code, message, { ...error.details, ...(wait === null ? {} : { retry_after: wait }) }, status)
  }
  return error
}

export function networkError(): ApiError {
  return new ApiError('NETWORK_ERROR', 'We could not reach SmartBreeds. Check your connection and try again.', {}, 0)
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return 'Something went wrong. Please try again.'
}

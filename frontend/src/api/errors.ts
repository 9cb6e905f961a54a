import type { ApiErrorBody } from './types'

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

/** Reads an error envelope (or anything else a failed response carried) into an ApiError. */
export function apiErrorFromBody(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error
    if (isErrorBody(error)) {
      const details = typeof error.details === 'object' && error.details !== null ? error.details : {}
      return new ApiError(error.code, error.message, details, status)
    }
  }
  const [code, message] = FALLBACK_BY_STATUS[status] ?? ['UNEXPECTED_RESPONSE', 'Something went wrong. Please try again.']
  return new ApiError(code, message, {}, status)
}

export function networkError(): ApiError {
  return new ApiError('NETWORK_ERROR', 'We could not reach SmartBreeds. Check your connection and try again.', {}, 0)
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return 'Something went wrong. Please try again.'
}

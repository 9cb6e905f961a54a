import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { ApiError } from '../api'

/** Puts a 400 VALIDATION_ERROR's field messages on the form's fields; returns the messages it could not place. */
export function applyServerErrors<T extends FieldValues>(error: unknown, fields: readonly Path<T>[], setError: UseFormSetError<T>, rename: Record<string, string> = {}): string | null {
  if (!(error instanceof ApiError)) return 'Something went wrong. Please try again.'
  const byField = error.fieldErrors()
  const leftover: string[] = []
  for (const [serverField, messages] of Object.entries(byField)) {
    const field = rename[serverField] ?? serverField
    if ((fields as readonly string[]).includes(field)) setError(field as Path<T>, { type: 'server', message: messages.join(' ') })
    else leftover.push(...messages)
  }
  if (Object.keys(byField).length === 0) return error.message
  return leftover.length ? leftover.join(' ') : null
}

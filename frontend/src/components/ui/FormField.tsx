import { forwardRef, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react'

const CONTROL =
  'block w-full rounded-lg border-0 bg-white px-3 py-2 text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-teal-700 aria-[invalid=true]:ring-rose-500 sm:text-sm'

interface FieldShellProps {
  id: string
  label: string
  error?: string
  hint?: string
  children: ReactNode
}

function FieldShell({ id, label, error, hint, children }: FieldShellProps) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">{label}</label>
      <div className="mt-1">{children}</div>
      {hint && !error && <p id={`${id}-hint`} className="mt-1 text-xs text-slate-500">{hint}</p>}
      <p id={`${id}-error`} aria-live="polite" className="mt-1 min-h-0 text-xs font-medium text-rose-700">{error}</p>
    </div>
  )
}

function describedBy(id: string, error?: string, hint?: string) {
  return [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined
}

type Common = { label: string; error?: string; hint?: string }

export const TextInput = forwardRef<HTMLInputElement, InputHTMLAttributes<HTMLInputElement> & Common>(function TextInput(
  { label, error, hint, id, className = '', ...rest },
  ref,
) {
  const generated = useId()
  const inputId = id ?? generated
  return (
    <FieldShell id={inputId} label={label} error={error} hint={hint}>
      <input ref={ref} id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(inputId, error, hint)} className={`${CONTROL} ${className}`} {...rest} />
    </FieldShell>
  )
})

export const TextArea = forwardRef<HTMLTextAreaElement, TextareaHTMLAttributes<HTMLTextAreaElement> & Common>(function TextArea(
  { label, error, hint, id, className = '', ...rest },
  ref,
) {
  const generated = useId()
  const inputId = id ?? generated
  return (
    <FieldShell id={inputId} label={label} error={error} hint={hint}>
      <textarea ref={ref} id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(inputId, error, hint)} className={`${CONTROL} ${className}`} {...rest} />
    </FieldShell>
  )
})

export const SelectInput = forwardRef<HTMLSelectElement, SelectHTMLAttributes<HTMLSelectElement> & Common>(function SelectInput(
  { label, error, hint, id, className = '', children, ...rest },
  ref,
) {
  const generated = useId()
  const inputId = id ?? generated
  return (
    <FieldShell id={inputId} label={label} error={error} hint={hint}>
      <select ref={ref} id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy(inputId, error, hint)} className={`${CONTROL} ${className}`} {...rest}>
        {children}
      </select>
    </FieldShell>
  )
})

import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { z } from 'zod'
import { ApiError } from '../../api'
import { useChangeEmail } from '../../hooks/useAccountEmail'
import { applyServerErrors } from '../../lib/forms'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { TextInput } from '../ui/FormField'

const emailSchema = z.object({
  new_email: z.string().trim().min(1, 'Enter the new email address.').pipe(z.email('Enter a valid email address.')),
  password: z.string().min(1, 'Enter your password.'),
})
type EmailValues = z.infer<typeof emailSchema>
const FIELDS = ['new_email', 'password'] as const

/** A new address takes effect once confirmed from a link mailed to it; the password is asked again. */
export function ChangeEmailForm({ currentEmail }: { currentEmail?: string }) {
  const change = useChangeEmail()
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)
  const { register, handleSubmit, setError, reset, formState: { errors } } = useForm<EmailValues>({ resolver: zodResolver(emailSchema) })
  const submit = handleSubmit((values) => {
    setMessage(null)
    change.mutate(values, {
      onSuccess: () => {
        reset()
        setMessage({ tone: 'success', text: `Check the inbox of ${values.new_email.trim()}: open the link there to make it your address. Until then, ${currentEmail ?? 'your current address'} stays.` })
      },
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') setError('password', { type: 'server', message: 'That is not your password.' })
        else if (error instanceof ApiError && error.code === 'EMAIL_EXISTS') setError('new_email', { type: 'server', message: 'Another account uses this address.' })
        else {
          const text = applyServerErrors(error, FIELDS, setError)
          if (text) setMessage({ tone: 'error', text })
        }
      },
    })
  })
  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Change email">
      <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextInput label="New email" type="email" autoComplete="email" error={errors.new_email?.message} {...register('new_email')} />
        <TextInput label="Your password" type="password" autoComplete="current-password" error={errors.password?.message} {...register('password')} />
      </div>
      <div className="flex justify-end"><Button type="submit" loading={change.isPending}>Change email</Button></div>
    </form>
  )
}

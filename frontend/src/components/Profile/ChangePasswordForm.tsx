import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { z } from 'zod'
import { ApiError } from '../../api'
import { useChangePassword } from '../../hooks/useAuth'
import { applyServerErrors } from '../../lib/forms'
import { passwordRule } from '../../lib/passwordRule'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { TextInput } from '../ui/FormField'

const passwordSchema = z
  .object({
    current_password: z.string().min(1, 'Enter your current password.'),
    new_password: passwordRule,
    confirm_password: z.string(),
  })
  .refine((values) => values.new_password === values.confirm_password, { path: ['confirm_password'], message: 'The passwords do not match.' })
  .refine((values) => values.new_password !== values.current_password, { path: ['new_password'], message: 'Choose a password different from the current one.' })
type PasswordValues = z.infer<typeof passwordSchema>
const FIELDS = ['current_password', 'new_password'] as const

export function ChangePasswordForm() {
  const change = useChangePassword()
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)
  const { register, handleSubmit, setError, reset, formState: { errors } } = useForm<PasswordValues>({ resolver: zodResolver(passwordSchema) })
  const submit = handleSubmit(({ current_password, new_password }) => {
    setMessage(null)
    change.mutate(
      { current_password, new_password },
      {
        onSuccess: () => {
          reset()
          setMessage({ tone: 'success', text: 'Your password is changed. Every other device has been signed out.' })
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') setError('current_password', { type: 'server', message: 'That is not your current password.' })
          else {
            const text = applyServerErrors(error, FIELDS, setError)
            if (text) setMessage({ tone: 'error', text })
          }
        },
      },
    )
  })
  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Change password">
      <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextInput label="Current password" type="password" autoComplete="current-password" error={errors.current_password?.message} {...register('current_password')} />
        <TextInput label="New password" type="password" autoComplete="new-password" hint="At least 10 characters, mixing letters, numbers or symbols." error={errors.new_password?.message} {...register('new_password')} />
        <TextInput label="Confirm new password" type="password" autoComplete="new-password" error={errors.confirm_password?.message} {...register('confirm_password')} />
      </div>
      <div className="flex justify-end"><Button type="submit" loading={change.isPending}>Change password</Button></div>
    </form>
  )
}

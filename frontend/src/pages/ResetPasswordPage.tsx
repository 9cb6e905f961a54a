import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useLocation, useNavigate } from 'react-router'
import { z } from 'zod'
import { ApiError } from '../api'
import { AuthLayout } from '../components/Layout/AuthLayout'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { TextInput } from '../components/ui/FormField'
import { linkToken, useResetPassword } from '../hooks/useAccountEmail'
import { applyServerErrors } from '../lib/forms'
import { leaveNotice } from '../lib/notice'
import { passwordRule } from '../lib/passwordRule'

const resetSchema = z
  .object({ new_password: passwordRule, confirm_password: z.string() })
  .refine((values) => values.new_password === values.confirm_password, { path: ['confirm_password'], message: 'The passwords do not match.' })
type ResetValues = z.infer<typeof resetSchema>

export default function ResetPasswordPage() {
  const location = useLocation()
  const navigate = useNavigate()
  const [token] = useState(() => linkToken(location.hash))
  const reset = useResetPassword()
  const [problem, setProblem] = useState<string | null>(token ? null : 'This page needs the link from your email.')
  const { register, handleSubmit, setError, formState: { errors } } = useForm<ResetValues>({ resolver: zodResolver(resetSchema) })

  const onSubmit = handleSubmit(({ new_password }) => {
    setProblem(null)
    reset.mutate(
      { token, new_password },
      {
        onSuccess: () => {
          leaveNotice('Your password is changed and every device was signed out. Log in with your new password.')
          navigate('/login', { replace: true })
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'TOKEN_INVALID') setProblem('This link is invalid, already used or expired. Ask for a new one.')
          else setProblem(applyServerErrors(error, ['new_password'], setError))
        },
      },
    )
  })

  return (
    <AuthLayout title="Choose a new password" subtitle="Every device signed in to your account will be signed out." footer={<Link className="font-semibold text-teal-700 hover:underline" to="/forgot-password">Ask for a new link</Link>}>
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Reset password">
        {problem && <Alert>{problem}</Alert>}
        <TextInput label="New password" type="password" autoComplete="new-password" hint="At least 10 characters, mixing letters, numbers or symbols." error={errors.new_password?.message} {...register('new_password')} />
        <TextInput label="Confirm new password" type="password" autoComplete="new-password" error={errors.confirm_password?.message} {...register('confirm_password')} />
        <Button type="submit" className="w-full" loading={reset.isPending} disabled={!token}>Set new password</Button>
      </form>
    </AuthLayout>
  )
}

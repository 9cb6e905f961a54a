import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { z } from 'zod'
import { AuthLayout } from '../components/Layout/AuthLayout'
import { safeNext } from '../components/Layout/RouteGuards'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { TextInput } from '../components/ui/FormField'
import { useRegister } from '../hooks/useAuth'
import { applyServerErrors } from '../lib/forms'
import { passwordRule } from '../lib/passwordRule'

export const registerSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter your name.').max(100, 'Use at most 100 characters.'),
    email: z.string().trim().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address.')),
    password: passwordRule,
    confirmPassword: z.string(),
  })
  .refine((values) => values.password === values.confirmPassword, { path: ['confirmPassword'], message: 'The passwords do not match.' })
type RegisterValues = z.infer<typeof registerSchema>
const SERVER_FIELDS = ['name', 'email', 'password'] as const

export default function RegisterPage() {
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const navigate = useNavigate()
  const registration = useRegister()
  const [formError, setFormError] = useState<string | null>(null)
  const { register, handleSubmit, setError, formState: { errors } } = useForm<RegisterValues>({ resolver: zodResolver(registerSchema) })

  const onSubmit = handleSubmit(({ name, email, password }) => {
    setFormError(null)
    registration.mutate(
      { name, email, password },
      {
        onSuccess: () => navigate(next, { replace: true }),
        onError: (error) => {
          if (error.code === 'EMAIL_TAKEN') setError('email', { type: 'server', message: 'An account with this email already exists. Log in instead?' })
          else setFormError(applyServerErrors(error, SERVER_FIELDS, setError))
        },
      },
    )
  })

  return (
    <AuthLayout title="Create your account" subtitle="Identify breeds, track health, find the right products." footer={<>Already have an account? <Link className="font-semibold text-teal-700 hover:underline" to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`}>Log in</Link></>}>
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Create account">
        {formError && <Alert>{formError}</Alert>}
        <TextInput label="Name" autoComplete="name" error={errors.name?.message} {...register('name')} />
        <TextInput label="Email" type="email" autoComplete="email" error={errors.email?.message} {...register('email')} />
        <TextInput label="Password" type="password" autoComplete="new-password" hint="At least 10 characters, mixing letters, numbers or symbols." error={errors.password?.message} {...register('password')} />
        <TextInput label="Confirm password" type="password" autoComplete="new-password" error={errors.confirmPassword?.message} {...register('confirmPassword')} />
        <Button type="submit" className="w-full" loading={registration.isPending}>Create account</Button>
      </form>
    </AuthLayout>
  )
}

import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { z } from 'zod'
import { errorMessage } from '../api'
import { AuthLayout } from '../components/Layout/AuthLayout'
import { safeNext } from '../components/Layout/RouteGuards'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { TextInput } from '../components/ui/FormField'
import { useLogin } from '../hooks/useAuth'
import { takeNotice } from '../lib/notice'
import { takeSessionEnded } from '../lib/session'

const loginSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address.')),
  password: z.string().min(1, 'Enter your password.'),
})
type LoginValues = z.infer<typeof loginSchema>

export default function LoginPage() {
  const [params] = useSearchParams()
  const next = safeNext(params.get('next'))
  const navigate = useNavigate()
  const login = useLogin()
  const [formError, setFormError] = useState<string | null>(null)
  // Read once: the mark is set when a session ended under the user (expired, revoked, signed out elsewhere).
  const [sessionEnded] = useState(takeSessionEnded)
  // What the last action did before it dropped the session (account deleted, signed out everywhere, reset).
  const [notice] = useState(takeNotice)
  const { register, handleSubmit, formState: { errors } } = useForm<LoginValues>({ resolver: zodResolver(loginSchema) })

  const onSubmit = handleSubmit((values) => {
    setFormError(null)
    login.mutate(values, {
      onSuccess: () => navigate(next, { replace: true }),
      onError: (error) => setFormError(errorMessage(error)),
    })
  })

  return (
    <AuthLayout title="Welcome back" subtitle="Log in to see your pets and their insights." footer={<>New to SmartBreeds? <Link className="font-semibold text-teal-700 hover:underline" to={next === '/' ? '/register' : `/register?next=${encodeURIComponent(next)}`}>Create an account</Link></>}>
      <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Log in">
        {notice && !formError && <Alert tone="success">{notice}</Alert>}
        {sessionEnded && !notice && !formError && (
          <Alert tone="warning" title="Your session ended, log in again">
            {next !== '/' ? 'You will return to the page you were on, with what you had typed.' : 'Log in to carry on where you left off.'}
          </Alert>
        )}
        {formError && <Alert>{formError}</Alert>}
        <TextInput label="Email" type="email" autoComplete="email" error={errors.email?.message} {...register('email')} />
        <TextInput label="Password" type="password" autoComplete="current-password" error={errors.password?.message} {...register('password')} />
        <p className="-mt-2 text-right text-sm"><Link className="font-medium text-teal-700 hover:underline" to="/forgot-password">Forgot password?</Link></p>
        <Button type="submit" className="w-full" loading={login.isPending}>Log in</Button>
      </form>
    </AuthLayout>
  )
}

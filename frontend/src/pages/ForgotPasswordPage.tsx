import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { Link } from 'react-router'
import { z } from 'zod'
import { errorMessage } from '../api'
import { AuthLayout } from '../components/Layout/AuthLayout'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { TextInput } from '../components/ui/FormField'
import { useForgotPassword } from '../hooks/useAccountEmail'

const forgotSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address.').pipe(z.email('Enter a valid email address.')),
})
type ForgotValues = z.infer<typeof forgotSchema>

export default function ForgotPasswordPage() {
  const forgot = useForgotPassword()
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [formError, setFormError] = useState<string | null>(null)
  const { register, handleSubmit, formState: { errors } } = useForm<ForgotValues>({ resolver: zodResolver(forgotSchema) })

  const onSubmit = handleSubmit(({ email }) => {
    setFormError(null)
    forgot.mutate(email, { onSuccess: () => setSentTo(email), onError: (error) => setFormError(errorMessage(error)) })
  })

  return (
    <AuthLayout title="Forgot your password?" subtitle="We will mail you a link to choose a new one." footer={<Link className="font-semibold text-teal-700 hover:underline" to="/login">Back to log in</Link>}>
      {sentTo ? (
        <Alert tone="success" title="Check your inbox">
          If {sentTo} belongs to an account with a confirmed address, a reset link is on its way. It works once, for 30 minutes.
        </Alert>
      ) : (
        <form noValidate onSubmit={onSubmit} className="space-y-4" aria-label="Forgot password">
          {formError && <Alert>{formError}</Alert>}
          <TextInput label="Email" type="email" autoComplete="email" error={errors.email?.message} {...register('email')} />
          <Button type="submit" className="w-full" loading={forgot.isPending}>Send me a reset link</Button>
        </form>
      )}
    </AuthLayout>
  )
}

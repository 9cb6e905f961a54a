import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { z } from 'zod'
import { errorMessage, type Profile } from '../api'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { ConfirmDialog } from '../components/ui/ConfirmDialog'
import { SelectInput, TextArea, TextInput } from '../components/ui/FormField'
import { PageLoader } from '../components/ui/Spinner'
import { useCurrentUser } from '../hooks/useAuth'
import { useDeleteAccount, useProfile, useUpdateProfile } from '../hooks/useProfile'
import { applyServerErrors } from '../lib/forms'

const profileSchema = z.object({
  first_name: z.string().trim().max(100, 'Use at most 100 characters.'),
  last_name: z.string().trim().max(100, 'Use at most 100 characters.'),
  phone: z
    .string()
    .trim()
    .max(30, 'Use at most 30 characters.')
    .refine((value) => value === '' || (/^\+?[0-9 ().-]+$/.test(value) && value.replace(/\D/g, '').length >= 3), 'Enter a phone number: digits, spaces, ( ) . - and an optional leading +.'),
  address: z.string().trim().max(500, 'Use at most 500 characters.'),
  units: z.enum(['metric', 'imperial']),
  newsletter: z.boolean(),
})
type ProfileValues = z.infer<typeof profileSchema>
const FIELDS = ['first_name', 'last_name', 'phone', 'address'] as const

/** 'Ada King Lovelace' -> ['Ada', 'King Lovelace']: the account's name, for a profile that has none yet. */
function splitName(name: string | undefined): [string, string] {
  const [first = '', ...rest] = (name ?? '').trim().split(/\s+/)
  return [first, rest.join(' ')]
}

function ProfileForm({ profile, accountName }: { profile: Profile; accountName?: string }) {
  const update = useUpdateProfile()
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)
  const preferences = profile.preferences ?? {}
  // A profile without a name starts from the name given at registration, ready to be saved.
  const prefilled = !profile.first_name && !profile.last_name && Boolean(accountName?.trim())
  const [firstName, lastName] = prefilled ? splitName(accountName) : [profile.first_name, profile.last_name]
  const { register, handleSubmit, setError, formState: { errors, isDirty } } = useForm<ProfileValues>({
    resolver: zodResolver(profileSchema),
    defaultValues: {
      first_name: firstName,
      last_name: lastName,
      phone: profile.phone,
      address: profile.address,
      units: preferences.units === 'imperial' ? 'imperial' : 'metric',
      newsletter: preferences.newsletter === true,
    },
  })
  const submit = handleSubmit(({ units, newsletter, ...fields }) => {
    setMessage(null)
    update.mutate(
      { ...fields, preferences: { ...preferences, units, newsletter } },
      {
        onSuccess: () => setMessage({ tone: 'success', text: 'Your profile is saved.' }),
        onError: (error) => {
          const text = applyServerErrors(error, FIELDS, setError)
          if (text) setMessage({ tone: 'error', text })
        },
      },
    )
  })
  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Profile">
      <div aria-live="polite">{message && <Alert tone={message.tone}>{message.text}</Alert>}</div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextInput label="First name" autoComplete="given-name" error={errors.first_name?.message} {...register('first_name')} />
        <TextInput label="Last name" autoComplete="family-name" error={errors.last_name?.message} {...register('last_name')} />
        <TextInput label="Phone" type="tel" autoComplete="tel" error={errors.phone?.message} {...register('phone')} />
        <SelectInput label="Units" {...register('units')}>
          <option value="metric">Metric (kg)</option>
          <option value="imperial">Imperial (lb)</option>
        </SelectInput>
      </div>
      <TextArea label="Address" rows={3} autoComplete="street-address" error={errors.address?.message} {...register('address')} />
      <label className="flex items-center gap-3 text-sm text-slate-800">
        <input type="checkbox" className="h-4 w-4 rounded border-slate-300 text-teal-600 focus:ring-teal-700" {...register('newsletter')} />
        Send me care tips by email
      </label>
      <div className="flex justify-end"><Button type="submit" loading={update.isPending} disabled={!isDirty && !prefilled}>Save profile</Button></div>
    </form>
  )
}

export default function ProfilePage() {
  const user = useCurrentUser()
  const profile = useProfile()
  const deleteAccount = useDeleteAccount()
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)

  return (
    <div className="space-y-6">
      <PageHeader title="Profile" description={user.data ? `Signed in as ${user.data.email}` : undefined} />
      <Card aria-labelledby="profile-title">
        <h2 id="profile-title" className="mb-4 text-lg font-semibold text-slate-900">Your details and preferences</h2>
        {profile.isPending && <PageLoader label="Loading your profile…" />}
        {profile.isError && <Alert title="Your profile could not be loaded" action={<Button variant="secondary" onClick={() => void profile.refetch()}>Try again</Button>}>{errorMessage(profile.error)}</Alert>}
        {profile.data && !user.isPending && <ProfileForm profile={profile.data} accountName={user.data?.name} />}
      </Card>
      <Card aria-labelledby="danger-title" className="ring-rose-200">
        <h2 id="danger-title" className="text-lg font-semibold text-rose-800">Delete account</h2>
        <p className="mt-1 text-sm text-slate-600">Deletes your account, your pets and their analysis history. This cannot be undone.</p>
        <Button variant="danger" className="mt-4" onClick={() => setConfirming(true)}>Delete my account</Button>
      </Card>
      <ConfirmDialog
        open={confirming}
        title="Delete your account?"
        confirmLabel="Delete account"
        busy={deleteAccount.isPending}
        error={deleteAccount.error ? errorMessage(deleteAccount.error) : undefined}
        onCancel={() => setConfirming(false)}
        onConfirm={() => deleteAccount.mutate(undefined, { onSuccess: () => navigate('/register', { replace: true }) })}
      >
        Your account, pets and history will be permanently deleted.
      </ConfirmDialog>
    </div>
  )
}

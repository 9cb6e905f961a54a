import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { useNavigate } from 'react-router'
import { z } from 'zod'
import { ApiError, errorMessage, profileApi, type Profile } from '../api'
import { ChangeEmailForm } from '../components/Profile/ChangeEmailForm'
import { ChangePasswordForm } from '../components/Profile/ChangePasswordForm'
import { SessionList } from '../components/Profile/SessionList'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { ConfirmDialog } from '../components/ui/ConfirmDialog'
import { SelectInput, TextArea, TextInput } from '../components/ui/FormField'
import { PageLoader } from '../components/ui/Spinner'
import { useCurrentUser } from '../hooks/useAuth'
import { useDeleteAccount, useProfile, useUpdateProfile } from '../hooks/useProfile'
import { applyServerErrors } from '../lib/forms'
import { leaveNotice } from '../lib/notice'

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
  const [deletePassword, setDeletePassword] = useState('')
  const [deleteProblem, setDeleteProblem] = useState<string | null>(null)
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<string | null>(null)

  const download = async () => {
    setExporting(true)
    setExportError(null)
    try {
      const { blob, filename } = await profileApi.exportData()
      const url = URL.createObjectURL(blob)
      const link = document.createElement('a')
      link.href = url
      link.download = filename ?? 'smartbreeds-data.zip'
      document.body.append(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (error) {
      setExportError(errorMessage(error))
    } finally {
      setExporting(false)
    }
  }

  return (
    <div className="space-y-6">
      <PageHeader title="Profile" description={user.data ? `Signed in as ${user.data.email}` : undefined} />
      <Card aria-labelledby="profile-title">
        <h2 id="profile-title" className="mb-4 text-lg font-semibold text-slate-900">Your details and preferences</h2>
        {profile.isPending && <PageLoader label="Loading your profile…" />}
        {profile.isError && <Alert title="Your profile could not be loaded" action={<Button variant="secondary" onClick={() => void profile.refetch()}>Try again</Button>}>{errorMessage(profile.error)}</Alert>}
        {profile.data && !user.isPending && <ProfileForm profile={profile.data} accountName={user.data?.name} />}
      </Card>
      <Card aria-labelledby="email-title">
        <h2 id="email-title" className="text-lg font-semibold text-slate-900">Change email</h2>
        <p className="mb-4 mt-1 text-sm text-slate-700">We mail a link to the new address; it becomes yours when you open it. Your current address is told about the change.</p>
        <ChangeEmailForm currentEmail={user.data?.email} />
      </Card>
      <Card aria-labelledby="password-title">
        <h2 id="password-title" className="mb-4 text-lg font-semibold text-slate-900">Change password</h2>
        <ChangePasswordForm />
      </Card>
      <Card aria-labelledby="sessions-title">
        <h2 id="sessions-title" className="text-lg font-semibold text-slate-900">Sessions</h2>
        <p className="mb-2 mt-1 text-sm text-slate-700">Devices signed in to your account. Sign out any you do not recognise.</p>
        <SessionList />
      </Card>
      <Card aria-labelledby="data-title">
        <h2 id="data-title" className="text-lg font-semibold text-slate-900">Your data</h2>
        <p className="mt-1 text-sm text-slate-700">Download a zip with your account, profile, pets, analyses and recommendations (account.json) and the photos you uploaded.</p>
        <div aria-live="polite" className="mt-3 empty:hidden">{exportError && <Alert>{exportError}</Alert>}</div>
        <Button variant="secondary" className="mt-4" onClick={() => void download()} loading={exporting}>Download my data</Button>
      </Card>
      <Card aria-labelledby="danger-title" className="ring-rose-200">
        <h2 id="danger-title" className="text-lg font-semibold text-rose-800">Delete account</h2>
        <p className="mt-1 text-sm text-slate-700">Deletes everything SmartBreeds holds about you. This cannot be undone.</p>
        <Button variant="danger" className="mt-4" onClick={() => setConfirming(true)}>Delete my account</Button>
      </Card>
      <ConfirmDialog
        open={confirming}
        title="Delete your account?"
        confirmLabel="Delete my account and data"
        busy={deleteAccount.isPending}
        error={deleteProblem ?? undefined}
        onCancel={() => {
          setConfirming(false)
          setDeletePassword('')
          setDeleteProblem(null)
        }}
        onConfirm={() => {
          if (!deletePassword) {
            setDeleteProblem('Enter your password to confirm.')
            return
          }
          setDeleteProblem(null)
          deleteAccount.mutate(deletePassword, {
            onSuccess: () => {
              leaveNotice('Your account and all your data are deleted. Thank you for using SmartBreeds.')
              navigate('/login', { replace: true })
            },
            // A wrong password is this form's error; the session goes on.
            onError: (error) => setDeleteProblem(error instanceof ApiError && error.code === 'INVALID_CREDENTIALS' ? 'That is not your password.' : errorMessage(error)),
          })
        }}
      >
        <p>This permanently deletes:</p>
        <ul className="mt-2 list-disc space-y-1 pl-5" data-testid="deletion-list">
          <li>your account ({user.data?.email}) and your password; every device is signed out at once</li>
          <li>your profile: name, phone, address and preferences</li>
          <li>every pet and its analysis history</li>
          <li>every photo you uploaded</li>
          <li>your product recommendations</li>
        </ul>
        <p className="mt-2">It cannot be undone. Download your data first if you want a copy.</p>
        <div className="mt-3">
          <TextInput label="Your password" type="password" autoComplete="current-password" value={deletePassword} onChange={(event) => setDeletePassword(event.target.value)} />
        </div>
      </ConfirmDialog>
    </div>
  )
}

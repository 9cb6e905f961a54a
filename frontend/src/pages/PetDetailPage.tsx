import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { errorMessage } from '../api'
import { AnalysisHistory } from '../components/Pets/AnalysisHistory'
import { PetAvatar } from '../components/Pets/PetCard'
import { PetForm } from '../components/Pets/PetForm'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card } from '../components/ui/Card'
import { ConfirmDialog } from '../components/ui/ConfirmDialog'
import { EmptyState } from '../components/ui/EmptyState'
import { PageLoader } from '../components/ui/Spinner'
import { useDeletePet, usePet, usePetAnalyses, useUpdatePet } from '../hooks/usePets'
import { formatAge, humanize, percent } from '../lib/format'

export default function PetDetailPage() {
  const { petId = '' } = useParams()
  const navigate = useNavigate()
  const pet = usePet(petId)
  const analyses = usePetAnalyses(petId)
  const updatePet = useUpdatePet()
  const deletePet = useDeletePet()
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)

  if (pet.isPending) return <PageLoader label="Loading pet…" />
  if (pet.isError)
    return pet.error.code === 'PET_NOT_FOUND' ? (
      <EmptyState icon="search" title="Pet not found" description="It may have been deleted." action={<Link className="font-semibold text-teal-700 underline" to="/pets">Back to my pets</Link>} />
    ) : (
      <Alert title="This pet could not be loaded" action={<Button variant="secondary" onClick={() => void pet.refetch()}>Try again</Button>}>{errorMessage(pet.error)}</Alert>
    )

  const data = pet.data
  const facts = [
    ['Species', humanize(data.species)],
    ['Breed', data.breed ?? 'Unknown'],
    ['Breed confidence', data.breed_confidence === null ? null : percent(data.breed_confidence)],
    ['Age', formatAge(data.age)],
    ['Weight', data.weight ? `${data.weight} kg` : null],
  ].filter((fact): fact is [string, string] => fact[1] !== null)

  return (
    <div className="space-y-8">
      <Link to="/pets" className="text-sm font-medium text-teal-700 hover:underline">‹ My pets</Link>
      <Card>
        {editing ? (
          <>
            <h1 className="mb-4 text-xl font-bold text-slate-900">Edit {data.name}</h1>
            <PetForm pet={data} submitLabel="Save changes" onCancel={() => setEditing(false)} onSubmit={async (input) => { await updatePet.mutateAsync({ id: data.id, body: input }); setEditing(false) }} />
          </>
        ) : (
          <div className="flex flex-col gap-6 sm:flex-row sm:items-start">
            <PetAvatar pet={data} size="lg" />
            <div className="flex-1">
              <h1 className="text-2xl font-bold text-slate-900">{data.name}</h1>
              <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3">
                {facts.map(([label, value]) => (
                  <div key={label}><dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt><dd className="font-medium text-slate-900">{value}</dd></div>
                ))}
              </dl>
              {data.health_conditions.length > 0 && (
                <ul aria-label="Health conditions" className="mt-4 flex flex-wrap gap-2">
                  {data.health_conditions.map((condition) => <li key={condition} className="rounded-full bg-rose-50 px-3 py-1 text-xs font-medium text-rose-800 ring-1 ring-rose-200">{condition}</li>)}
                </ul>
              )}
            </div>
            <div className="flex gap-2">
              <Button variant="secondary" onClick={() => setEditing(true)}>Edit</Button>
              <Button variant="danger" onClick={() => setConfirming(true)}>Delete</Button>
            </div>
          </div>
        )}
      </Card>
      <section aria-labelledby="history-title">
        <div className="mb-4 flex items-center justify-between">
          <h2 id="history-title" className="text-lg font-semibold text-slate-900">Analysis history</h2>
          <Link to="/analyze" className="text-sm font-semibold text-teal-700 hover:underline">Analyze a new photo</Link>
        </div>
        {analyses.isPending && <PageLoader label="Loading analyses…" />}
        {analyses.isError && <Alert>{errorMessage(analyses.error)}</Alert>}
        {analyses.data?.length === 0 && <EmptyState icon="camera" title="No analyses yet" description={`Analyze a photo and add it to ${data.name} to build a history.`} action={<Link to="/analyze" className="rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">Analyze a photo</Link>} />}
        {analyses.data && analyses.data.length > 0 && <AnalysisHistory analyses={analyses.data} />}
      </section>
      <ConfirmDialog
        open={confirming}
        title={`Delete ${data.name}?`}
        confirmLabel="Delete pet"
        busy={deletePet.isPending}
        error={deletePet.error ? errorMessage(deletePet.error) : undefined}
        onCancel={() => setConfirming(false)}
        onConfirm={() => deletePet.mutate(data.id, { onSuccess: () => navigate('/pets', { replace: true }) })}
      >
        This removes {data.name} and their analysis history. This cannot be undone.
      </ConfirmDialog>
    </div>
  )
}

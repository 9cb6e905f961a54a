import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { errorMessage, type Pet, type PetAnalysis } from '../api'
import { RecommendationsCarousel } from '../components/Analyze/RecommendationsCarousel'
import { AnswerText } from '../components/Ask/AnswerText'
import { SourceList } from '../components/Ask/SourceList'
import { pairRecommendations } from '../lib/recommendations'
import { AnalysisHistory } from '../components/Pets/AnalysisHistory'
import { PetAvatar } from '../components/Pets/PetCard'
import { PetForm } from '../components/Pets/PetForm'
import { PetPhotoUpload } from '../components/Pets/PetPhotoUpload'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card } from '../components/ui/Card'
import { ConfirmDialog } from '../components/ui/ConfirmDialog'
import { EmptyState } from '../components/ui/EmptyState'
import { PageLoader, Spinner } from '../components/ui/Spinner'
import { usePageHeading } from '../hooks/usePageHeading'
import { useDeletePet, usePet, usePetAnalyses, usePetHealthNotes, usePetRecommendations, useUpdatePet } from '../hooks/usePets'
import { useUnits } from '../hooks/useUnits'
import { formatAge, formatDate, humanize, percent } from '../lib/format'
import { formatWeight } from '../lib/units'
import { breedDetail, breedHeadline, shownRecord, thumbnailOf } from '../lib/breedLabel'

function LatestAnalysis({ analysis, species }: { analysis: PetAnalysis; species: string }) {
  const shown = shownRecord(analysis, species)
  return (
    <Card aria-labelledby="latest-title" data-testid="latest-analysis">
      <h2 id="latest-title" className="text-lg font-semibold text-slate-900">Latest analysis</h2>
      <div className="mt-3 flex flex-col gap-4 sm:flex-row">
        <img src={thumbnailOf(analysis.image_url, analysis.thumbnail_url)} alt={`Analyzed ${formatDate(analysis.created_at)}`} className="h-40 w-full rounded-xl bg-slate-100 object-cover sm:w-56" />
        <div>
          <p className="text-xl font-bold text-slate-900">{breedHeadline(shown)}</p>
          <p className="text-sm text-slate-700">{breedDetail(shown)} · {formatDate(analysis.created_at)}</p>
        </div>
      </div>
    </Card>
  )
}

function HealthNotes({ pet }: { pet: Pet }) {
  const notes = usePetHealthNotes(pet)
  const subject = pet.breed ?? `${humanize(pet.species)}s in general`
  return (
    <Card aria-labelledby="pet-health-title" data-testid="pet-health">
      <h2 id="pet-health-title" className="text-lg font-semibold text-slate-900">Health notes</h2>
      <p className="mt-1 text-xs text-slate-600">For {subject}, from our knowledge base.</p>
      {notes.isPending && <div className="mt-3 text-teal-800"><Spinner size="sm" label="Looking up health notes…" /></div>}
      {notes.isError && <Alert title="Health notes are unavailable right now">{errorMessage(notes.error)}</Alert>}
      {notes.data && (
        <div className="mt-3 text-sm leading-relaxed text-slate-800">
          {notes.data.answered === false ? (
            <p>Our knowledge base has nothing specific on {subject} yet. Your veterinarian is the best person to ask.</p>
          ) : (
            <AnswerText text={notes.data.answer} sourceCount={notes.data.sources.length} anchorPrefix="pet-health-source" />
          )}
          <SourceList sources={notes.data.sources} anchorPrefix="pet-health-source" />
          <p className="mt-4 text-xs text-slate-600">General information, not a diagnosis. Ask your veterinarian about your pet.</p>
        </div>
      )}
    </Card>
  )
}

function PetProducts({ pet }: { pet: Pet }) {
  const products = usePetRecommendations(pet.id, true, pet.updated_at)
  if (products.isPending) return <div className="text-teal-800"><Spinner size="sm" label="Finding products…" /></div>
  if (products.isError) return <Alert title="Product picks are unavailable right now">{errorMessage(products.error)}</Alert>
  return <RecommendationsCarousel items={pairRecommendations(products.data) ?? []} title={`Picked for ${pet.name}`} />
}

export default function PetDetailPage() {
  const { petId = '' } = useParams()
  const navigate = useNavigate()
  const pet = usePet(petId)
  const analyses = usePetAnalyses(petId)
  const updatePet = useUpdatePet()
  const deletePet = useDeletePet()
  const units = useUnits()
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const headingRef = usePageHeading(pet.data ? (editing ? `Edit ${pet.data.name}` : pet.data.name) : pet.isError ? 'Pet not found' : 'Pet')

  if (pet.isPending) return <PageLoader label="Loading pet…" />
  if (pet.isError)
    return pet.error.code === 'PET_NOT_FOUND' ? (
      <div>
        <h1 ref={headingRef} tabIndex={-1} className="mb-4 text-2xl font-bold text-slate-900 outline-none">Pet not found</h1>
        <EmptyState icon="search" title="It may have been deleted" action={<Link className="font-semibold text-teal-800 underline" to="/pets">Back to my pets</Link>} />
      </div>
    ) : (
      <div>
        <h1 ref={headingRef} tabIndex={-1} className="mb-4 text-2xl font-bold text-slate-900 outline-none">Pet</h1>
        <Alert title="This pet could not be loaded" action={<Button variant="secondary" onClick={() => void pet.refetch()}>Try again</Button>}>{errorMessage(pet.error)}</Alert>
      </div>
    )

  const data = pet.data
  const facts = [
    ['Species', humanize(data.species)],
    ['Breed', data.breed ?? 'Unknown'],
    ['Breed confidence', data.breed_confidence === null ? null : percent(data.breed_confidence)],
    ['Age', formatAge(data.age)],
    ['Weight', formatWeight(data.weight, units)],
  ].filter((fact): fact is [string, string] => fact[1] !== null)
  const latest = analyses.data?.[0]

  return (
    <div className="space-y-8">
      <Link to="/pets" className="text-sm font-medium text-teal-800 hover:underline">‹ My pets</Link>
      <Card>
        {editing ? (
          <>
            <h1 ref={headingRef} tabIndex={-1} className="mb-4 text-xl font-bold text-slate-900 outline-none">Edit {data.name}</h1>
            <PetForm pet={data} units={units} draftKey={`pet-${data.id}`} submitLabel="Save changes" onCancel={() => setEditing(false)} onSubmit={async (input) => { await updatePet.mutateAsync({ id: data.id, body: input }); setEditing(false) }} />
          </>
        ) : (
          <div className="flex flex-col gap-6 sm:flex-row sm:items-start">
            <div className="space-y-3">
              <PetAvatar pet={data} size="lg" />
              <PetPhotoUpload pet={data} />
            </div>
            <div className="min-w-0 flex-1">
              <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold text-slate-900 outline-none">{data.name}</h1>
              <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3">
                {facts.map(([label, value]) => (
                  <div key={label}><dt className="text-xs uppercase tracking-wide text-slate-600">{label}</dt><dd className="font-medium text-slate-900" data-testid={`fact-${label.toLowerCase().replace(/\s+/g, '-')}`}>{value}</dd></div>
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
      {latest && <LatestAnalysis analysis={latest} species={data.species} />}
      {data.species !== 'other' && <HealthNotes pet={data} />}
      <PetProducts pet={data} />
      <section aria-labelledby="history-title">
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
          <h2 id="history-title" className="text-lg font-semibold text-slate-900">Analysis history</h2>
          <Link to="/analyze" className="text-sm font-semibold text-teal-800 hover:underline">Analyze a new photo</Link>
        </div>
        {analyses.isPending && <PageLoader label="Loading analyses…" />}
        {analyses.isError && <Alert>{errorMessage(analyses.error)}</Alert>}
        {analyses.data?.length === 0 && <EmptyState icon="camera" title="No analyses yet" description={`Analyze a photo and add it to ${data.name} to build a history.`} action={<Link to="/analyze" className="rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">Analyze a photo</Link>} />}
        {analyses.data && analyses.data.length > 0 && <AnalysisHistory analyses={analyses.data} species={data.species} />}
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

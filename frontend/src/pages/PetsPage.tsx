import { useState } from 'react'
import { Link } from 'react-router'
import { errorMessage } from '../api'
import { PetCard } from '../components/Pets/PetCard'
import { PetForm } from '../components/Pets/PetForm'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { EmptyState } from '../components/ui/EmptyState'
import { PageLoader } from '../components/ui/Spinner'
import { useCreatePet, usePets } from '../hooks/usePets'
import { useUnits } from '../hooks/useUnits'
import { clearDraft, loadDraft } from '../lib/drafts'

export default function PetsPage() {
  const pets = usePets()
  const createPet = useCreatePet()
  const units = useUnits()
  // A half-filled new pet survives a session that ended: the form reopens with it.
  const [adding, setAdding] = useState(() => loadDraft('pet-new') !== null)

  return (
    <div>
      <PageHeader title="My pets" description="Everyone in your household, with their breed and health notes." actions={!adding && <Button onClick={() => setAdding(true)}>Add a pet</Button>} />
      {adding && (
        <Card className="mb-6" aria-labelledby="new-pet-title">
          <h2 id="new-pet-title" className="mb-4 text-lg font-semibold text-slate-900">New pet</h2>
          <PetForm units={units} draftKey="pet-new" submitLabel="Save pet" onCancel={() => { clearDraft('pet-new'); setAdding(false) }} onSubmit={async (input) => { await createPet.mutateAsync(input); setAdding(false) }} />
        </Card>
      )}
      {pets.isPending && <PageLoader label="Loading your pets…" />}
      {pets.isError && <Alert title="Your pets could not be loaded" action={<Button variant="secondary" onClick={() => void pets.refetch()}>Try again</Button>}>{errorMessage(pets.error)}</Alert>}
      {pets.data && pets.data.length === 0 && !adding && (
        <EmptyState title="No pets yet" description="Add your pet by hand, or analyze a photo and save the result." action={<div className="flex flex-wrap justify-center gap-3"><Button onClick={() => setAdding(true)}>Add a pet</Button><Link to="/analyze" className="rounded-lg px-4 py-2 text-sm font-semibold text-teal-700 ring-1 ring-teal-200 hover:bg-teal-50">Analyze a photo</Link></div>} />
      )}
      {pets.data && pets.data.length > 0 && (
        <ul data-testid="pet-list" aria-label="Your pets" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {pets.data.map((pet) => <PetCard key={pet.id} pet={pet} units={units} />)}
        </ul>
      )}
    </div>
  )
}

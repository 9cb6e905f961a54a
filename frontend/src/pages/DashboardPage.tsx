import { Link } from 'react-router'
import { errorMessage, type Dashboard, type Pet } from '../api'
import { DegradedNotice } from '../components/Analyze/DegradedNotice'
import { RecommendationsCarousel } from '../components/Analyze/RecommendationsCarousel'
import { PetCard } from '../components/Pets/PetCard'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { PageHeader } from '../components/ui/Card'
import { EmptyState } from '../components/ui/EmptyState'
import { PageLoader, Spinner } from '../components/ui/Spinner'
import { usePetRecommendations } from '../hooks/usePets'
import { useUnits } from '../hooks/useUnits'
import { pairRecommendations } from '../lib/recommendations'
import { useCurrentUser } from '../hooks/useAuth'
import { useDashboard } from '../hooks/useDashboard'
import { formatDate, percent } from '../lib/format'

function PicksForPet({ pet }: { pet: Pet }) {
  const picks = usePetRecommendations(pet.id)
  if (picks.isPending) return <div className="text-teal-800"><Spinner size="sm" label={`Finding products for ${pet.name}…`} /></div>
  if (picks.isError) return <p className="rounded-2xl bg-white p-5 text-sm text-slate-700 ring-1 ring-slate-200">Products for {pet.name} are unavailable right now.</p>
  return <RecommendationsCarousel items={pairRecommendations(picks.data) ?? []} title={`For ${pet.name}`} headingLevel={3} />
}

const CTA = 'rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800'

export default function DashboardPage() {
  const user = useCurrentUser()
  const dashboard = useDashboard()
  const firstName = user.data?.name.split(' ')[0]

  return (
    <div className="space-y-8">
      <PageHeader title={firstName ? `Hello, ${firstName}` : 'Welcome'} description="Here is what is new with your pets." actions={<Link to="/analyze" className={CTA}>Analyze a photo</Link>} />
      {dashboard.isPending && <PageLoader label="Loading your dashboard…" />}
      {dashboard.isError && <Alert title="Your dashboard could not be loaded" action={<Button variant="secondary" onClick={() => void dashboard.refetch()}>Try again</Button>}>{errorMessage(dashboard.error)}</Alert>}
      {dashboard.data && <DashboardContent data={dashboard.data} />}
    </div>
  )
}

function DashboardContent({ data }: { data: Dashboard }) {
  const units = useUnits()
  // The dashboard's `recommendations` are recent recommendation sets (no explanations): each of the newest
  // pets gets its own explained picks instead.
  const petsForPicks = (data.pets ?? []).slice(0, 2)
  return (
    <>
      {data.degraded && data.degraded.length > 0 && <DegradedNotice names={data.degraded} />}
      <section aria-labelledby="dash-pets">
        <div className="mb-3 flex items-center justify-between">
          <h2 id="dash-pets" className="text-lg font-semibold text-slate-900">Your pets</h2>
          <Link to="/pets" className="text-sm font-semibold text-teal-700 hover:underline">See all</Link>
        </div>
        {data.pets === null ? null : data.pets.length === 0 ? (
          <EmptyState title="Add your first pet" description="Analyze a photo to identify the breed, then save it as your pet." action={<Link to="/analyze" className={CTA}>Analyze a photo</Link>} />
        ) : (
          <ul data-testid="pet-list" aria-label="Your pets" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">{data.pets.slice(0, 6).map((pet) => <PetCard key={pet.id} pet={pet} units={units} />)}</ul>
        )}
      </section>
      {data.recent_analyses !== null && (
        <section aria-labelledby="dash-analyses">
          <h2 id="dash-analyses" className="mb-3 text-lg font-semibold text-slate-900">Recent analyses</h2>
          {data.recent_analyses.length === 0 ? (
            <p className="rounded-2xl bg-white p-5 text-sm text-slate-600 ring-1 ring-slate-200">No analyses yet. Photos you add to a pet show up here.</p>
          ) : (
            <ul aria-label="Recent analyses" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
              {data.recent_analyses.map((analysis) => (
                <li key={analysis.id} className="overflow-hidden rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
                  <Link to={`/pets/${analysis.pet_id}`} className="block hover:bg-slate-50">
                    <img src={analysis.image_url} alt="" loading="lazy" className="h-32 w-full bg-slate-100 object-cover" />
                    <div className="p-3">
                      <p className="font-semibold text-slate-900">{analysis.breed_detected}</p>
                      <p className="text-xs text-slate-600">{analysis.pet_name ? `${analysis.pet_name} · ` : ''}{percent(analysis.confidence)} · {formatDate(analysis.created_at)}</p>
                    </div>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {petsForPicks.length > 0 && (
        <section aria-labelledby="dash-picks" className="min-w-0 space-y-4" data-testid="picked-for-pets">
          <h2 id="dash-picks" className="text-lg font-semibold text-slate-900">Picked for your pets</h2>
          {petsForPicks.map((pet) => <PicksForPet key={pet.id} pet={pet} />)}
        </section>
      )}
    </>
  )
}

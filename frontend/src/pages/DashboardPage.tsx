import { Link } from 'react-router'
import { errorMessage, type Dashboard, type Recommendation } from '../api'
import { DegradedNotice } from '../components/Analyze/DegradedNotice'
import { RecommendationsCarousel } from '../components/Analyze/RecommendationsCarousel'
import { PetCard } from '../components/Pets/PetCard'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { PageHeader } from '../components/ui/Card'
import { EmptyState } from '../components/ui/EmptyState'
import { PageLoader } from '../components/ui/Spinner'
import { useCurrentUser } from '../hooks/useAuth'
import { useDashboard } from '../hooks/useDashboard'
import { formatDate, percent } from '../lib/format'

/** The dashboard's recommendations arrive as {products, scores, explanations} (or already paired). */
export function pairRecommendations(value: Dashboard['recommendations']): Recommendation[] | null {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) return value
  return value.products.map((product, index) => ({ product, score: value.scores[index] ?? 0, explanation: value.explanations[index] ?? '' }))
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
  const recommendations = pairRecommendations(data.recommendations)
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
          <ul data-testid="pet-list" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">{data.pets.slice(0, 6).map((pet) => <PetCard key={pet.id} pet={pet} />)}</ul>
        )}
      </section>
      {data.recent_analyses !== null && (
        <section aria-labelledby="dash-analyses">
          <h2 id="dash-analyses" className="mb-3 text-lg font-semibold text-slate-900">Recent analyses</h2>
          {data.recent_analyses.length === 0 ? (
            <p className="rounded-2xl bg-white p-5 text-sm text-slate-600 ring-1 ring-slate-200">No analyses yet. Photos you add to a pet show up here.</p>
          ) : (
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
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
      {recommendations !== null && <RecommendationsCarousel items={recommendations} title="Picked for your pets" />}
    </>
  )
}

import { Link } from 'react-router'
import { EmptyState } from '../components/ui/EmptyState'

export default function NotFoundPage() {
  return (
    <EmptyState icon="compass" title="Page not found" description="The page you were looking for does not exist." action={<Link to="/" className="rounded-lg bg-teal-600 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-700">Go to dashboard</Link>} />
  )
}

import { Link } from 'react-router'
import { Icon } from '../components/ui/Icon'
import { usePageHeading } from '../hooks/usePageHeading'

export default function NotFoundPage() {
  const headingRef = usePageHeading('Page not found')
  return (
    <div className="flex flex-col items-center rounded-2xl border-2 border-dashed border-slate-200 bg-white px-6 py-10 text-center">
      <span className="grid h-14 w-14 place-items-center rounded-2xl bg-teal-50 text-teal-700"><Icon name="compass" className="h-8 w-8" /></span>
      <h1 ref={headingRef} tabIndex={-1} className="mt-3 text-2xl font-bold text-slate-900 outline-none">Page not found</h1>
      <p className="mt-1 max-w-md text-sm text-slate-600">The page you were looking for does not exist.</p>
      <Link to="/" className="mt-5 rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white hover:bg-teal-800">Go to dashboard</Link>
    </div>
  )
}

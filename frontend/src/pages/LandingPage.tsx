import { Link } from 'react-router'
import { ConfidenceBar } from '../components/Analyze/BreedCard'
import { Icon, type IconName } from '../components/ui/Icon'
import { LogoMark } from '../components/ui/Logo'
import { usePageHeading } from '../hooks/usePageHeading'

const FEATURES: { icon: IconName; title: string; text: string }[] = [
  { icon: 'camera', title: 'Know the breed', text: 'Upload a photo of your dog or cat. We name the likely breed, say how sure we are, and let you correct it in one click.' },
  { icon: 'book', title: 'Health notes with sources', text: 'What to watch for with that breed, from veterinary guides you can open and read yourself.' },
  { icon: 'bag', title: 'Products that fit', text: 'Food, toys and care products matched to size, age and health, with the reason for each pick.' },
  { icon: 'chat', title: 'Ask questions', text: 'Ask about care and behaviour. Answers cite the guide they come from, and say so when we do not know.' },
]

const PRIMARY = 'rounded-lg bg-teal-700 px-5 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-teal-800'
const SECONDARY = 'rounded-lg bg-white px-5 py-2.5 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50'

/** `/` for signed-out visitors: what SmartBreeds does, a sample result, and the way in. */
export default function LandingPage() {
  const headingRef = usePageHeading<HTMLHeadingElement>('Know your pet, care for it well')
  return (
    <div className="min-h-screen bg-gradient-to-b from-teal-50 via-white to-white">
      <header className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-4">
        <span className="flex items-center gap-2 text-lg font-bold text-slate-900"><LogoMark />SmartBreeds</span>
        <nav aria-label="Account" className="flex items-center gap-2">
          <Link to="/login" className="rounded-lg px-3 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-100">Log in</Link>
          <Link to="/register" className={PRIMARY}>Sign up</Link>
        </nav>
      </header>
      <main id="main">
        <section className="mx-auto grid max-w-6xl items-center gap-10 px-4 py-10 lg:grid-cols-2 lg:py-16">
          <div>
            <h1 ref={headingRef} tabIndex={-1} className="text-3xl font-bold tracking-tight text-slate-900 outline-none sm:text-5xl">Know your pet, care for it well</h1>
            <p className="mt-4 max-w-xl text-lg text-slate-700">
              SmartBreeds identifies your dog's or cat's breed from a photo, explains what that means for its health, and picks
              products that suit it, all from sources you can check.
            </p>
            <div className="mt-6 flex flex-wrap gap-3">
              <Link to="/register" className={PRIMARY}>Create a free account</Link>
              <Link to="/login" className={SECONDARY}>Log in</Link>
            </div>
          </div>
          <figure aria-labelledby="sample-caption" className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6">
            <figcaption id="sample-caption" className="text-xs font-semibold uppercase tracking-wide text-slate-600">A sample result</figcaption>
            <p className="mt-3 text-sm font-medium uppercase tracking-wide text-teal-800">Dog</p>
            <p className="mt-1 text-2xl font-bold text-slate-900">Border Collie</p>
            <div className="mt-4"><ConfidenceBar value={0.91} /></div>
            <dl className="mt-4 grid grid-cols-2 gap-3 text-sm">
              <div className="rounded-xl bg-slate-50 px-3 py-2"><dt className="text-xs uppercase tracking-wide text-slate-600">Size</dt><dd className="font-medium text-slate-900">Medium</dd></div>
              <div className="rounded-xl bg-slate-50 px-3 py-2"><dt className="text-xs uppercase tracking-wide text-slate-600">Energy</dt><dd className="font-medium text-slate-900">Very high</dd></div>
            </dl>
            <p className="mt-4 text-sm text-slate-700">Watch for: hip dysplasia, collie eye anomaly. Needs well over an hour of activity a day <span className="rounded bg-teal-100 px-1 text-xs font-bold text-teal-900">[1]</span></p>
            <p className="mt-2 text-xs text-slate-600">[1] Border Collie breed guide</p>
          </figure>
        </section>
        <section aria-labelledby="features-title" className="mx-auto max-w-6xl px-4 pb-16">
          <h2 id="features-title" className="text-xl font-semibold text-slate-900">What you can do</h2>
          <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            {FEATURES.map((feature) => (
              <li key={feature.title} className="rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
                <span className="grid h-10 w-10 place-items-center rounded-xl bg-teal-50 text-teal-800"><Icon name={feature.icon} /></span>
                <h3 className="mt-3 font-semibold text-slate-900">{feature.title}</h3>
                <p className="mt-1 text-sm text-slate-700">{feature.text}</p>
              </li>
            ))}
          </ul>
        </section>
      </main>
      <footer className="border-t border-slate-200 py-6 text-center text-sm text-slate-600">SmartBreeds: general information, not veterinary advice.</footer>
    </div>
  )
}

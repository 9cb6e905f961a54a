import { useRef } from 'react'
import type { Recommendation } from '../../api'
import { formatPrice, humanize, percent } from '../../lib/format'
import { Icon } from '../ui/Icon'

export function RecommendationsCarousel({ items, title = 'Recommended for your pet' }: { items: Recommendation[]; title?: string }) {
  const listRef = useRef<HTMLUListElement>(null)
  const scroll = (direction: 1 | -1) => listRef.current?.scrollBy({ left: direction * 280, behavior: 'smooth' })
  return (
    <section aria-labelledby="recommendations-title" className="min-w-0">
      <div className="mb-3 flex items-center justify-between">
        <h2 id="recommendations-title" className="text-lg font-semibold text-slate-900">{title}</h2>
        {items.length > 1 && (
          <div className="flex gap-2">
            <button type="button" aria-label="Previous products" onClick={() => scroll(-1)} className="grid h-9 w-9 place-items-center rounded-full bg-white ring-1 ring-slate-300 hover:bg-slate-50">‹</button>
            <button type="button" aria-label="Next products" onClick={() => scroll(1)} className="grid h-9 w-9 place-items-center rounded-full bg-white ring-1 ring-slate-300 hover:bg-slate-50">›</button>
          </div>
        )}
      </div>
      {items.length === 0 ? (
        <p className="rounded-2xl bg-white p-5 text-sm text-slate-600 ring-1 ring-slate-200">No product recommendations yet.</p>
      ) : (
        <ul ref={listRef} data-testid="recommendation-list" className="flex snap-x snap-mandatory gap-4 overflow-x-auto pb-3" tabIndex={0} aria-label="Product recommendations">
          {items.map(({ product, score, explanation }) => (
            <li key={product.id} data-testid="recommendation-item" className="flex w-64 shrink-0 snap-start flex-col rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
              {product.image_url ? (
                <img src={product.image_url} alt="" loading="lazy" className="h-32 w-full rounded-xl bg-slate-100 object-cover" />
              ) : (
                <div aria-hidden="true" className="grid h-32 place-items-center rounded-xl bg-gradient-to-br from-teal-50 to-amber-50 text-teal-700"><Icon name="bag" className="h-10 w-10" /></div>
              )}
              <p className="mt-3 text-xs font-medium uppercase tracking-wide text-teal-700">{humanize(product.category)} · {product.brand}</p>
              <h3 className="mt-1 font-semibold text-slate-900">{product.name}</h3>
              <p className="mt-2 flex-1 text-sm text-slate-600">{explanation}</p>
              <div className="mt-3 flex items-center justify-between text-sm">
                <span className="font-semibold text-slate-900">{formatPrice(product.price)}</span>
                <span className="rounded-full bg-teal-50 px-2 py-0.5 text-xs font-semibold text-teal-800" title="How well it matches">{score <= 1 ? `${percent(score)} match` : `Score ${score.toFixed(1)}`}</span>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

import { useId, useRef } from 'react'
import type { Recommendation } from '../../api'
import { useUnits } from '../../hooks/useUnits'
import { formatPrice, humanize } from '../../lib/format'
import { localizeWeights } from '../../lib/units'
import { SourceLink } from '../Ask/SourceViewer'
import { ProductImage } from '../Products/ProductImage'

export function RecommendationsCarousel({ items, title = 'Recommended for your pet', headingLevel = 2 }: { items: Recommendation[]; title?: string; headingLevel?: 2 | 3 }) {
  const titleId = useId()
  const units = useUnits()
  const listRef = useRef<HTMLUListElement>(null)
  const scroll = (direction: 1 | -1) => listRef.current?.scrollBy({ left: direction * 280, behavior: 'smooth' })
  const Heading = headingLevel === 2 ? 'h2' : 'h3'
  return (
    <section aria-labelledby={titleId} className="min-w-0" data-testid="recommendations">
      <div className="mb-3 flex items-center justify-between gap-2">
        <Heading id={titleId} className="text-lg font-semibold text-slate-900">{title}</Heading>
        {items.length > 1 && (
          <div className="flex shrink-0 gap-2">
            <button type="button" aria-label="Previous products" onClick={() => scroll(-1)} className="grid h-9 w-9 place-items-center rounded-full bg-white ring-1 ring-slate-300 hover:bg-slate-50">‹</button>
            <button type="button" aria-label="Next products" onClick={() => scroll(1)} className="grid h-9 w-9 place-items-center rounded-full bg-white ring-1 ring-slate-300 hover:bg-slate-50">›</button>
          </div>
        )}
      </div>
      {items.length === 0 ? (
        <p className="rounded-2xl bg-white p-5 text-sm text-slate-600 ring-1 ring-slate-200">No product recommendations yet.</p>
      ) : (
        // Keyboard users scroll the row with the arrow keys once it has focus.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        <ul ref={listRef} data-testid="recommendation-list" className="flex snap-x snap-mandatory gap-4 overflow-x-auto pb-3 focus-visible:outline-2 focus-visible:outline-teal-700" tabIndex={0} aria-label={title}>
          {items.map(({ product, explanation, source }) => {
            const guideId = source?.document_id
            const guideTitle = source?.title
            return (
            <li key={product.id} data-testid="recommendation-item" className="flex w-60 shrink-0 snap-start flex-col rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:w-64">
              <ProductImage product={product} />
              <p className="mt-3 text-xs font-medium uppercase tracking-wide text-teal-800">{humanize(product.category)} · {product.brand}</p>
              <h3 className="mt-1 font-semibold text-slate-900">{product.name}</h3>
              <p className="mt-2 flex-1 text-sm text-slate-600">{localizeWeights(explanation, units)}</p>
              {guideId && (
                <p className="mt-2 text-sm"><SourceLink documentId={guideId} label={guideTitle ? `Read the guide: ${guideTitle}` : 'Read the guide'} /></p>
              )}
              {/* No "match %": the ranking's score is not a fact about the pet the app can stand behind. */}
              <div className="mt-3 flex items-center justify-between text-sm">
                <span className="font-semibold text-slate-900">{formatPrice(product.price)}</span>
              </div>
            </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}

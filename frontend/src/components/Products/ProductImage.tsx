import type { Product } from '../../api'

const CATEGORIES = new Set(['food', 'toy', 'accessory', 'health', 'grooming'])

/** A bundled illustration for a product's category and species (no hot-linked pictures). */
export function illustrationFor(product: Pick<Product, 'category' | 'suitable_for'>): string {
  const category = CATEGORIES.has(product.category) ? product.category : 'accessory'
  const species = product.suitable_for?.species
  const list = Array.isArray(species) ? species.map(String) : typeof species === 'string' ? [species] : []
  const one = list.length === 1 && (list[0] === 'dog' || list[0] === 'cat') ? list[0] : 'any'
  return `/illustrations/${category}-${one}.svg`
}

export function ProductImage({ product, className = 'h-32 w-full' }: { product: Product; className?: string }) {
  // Only our own same-origin images are shown; anything else falls back to the illustration.
  const src = product.image_url && product.image_url.startsWith('/') && !product.image_url.startsWith('//') ? product.image_url : illustrationFor(product)
  return <img src={src} alt="" width={240} height={200} loading="lazy" data-testid="product-image" className={`rounded-xl bg-slate-100 object-cover ${className}`} />
}

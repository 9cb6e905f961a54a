export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  return `${Math.round(value * 100)}%`
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  return date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
}

export function formatPrice(value: number): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(value)
}

/** 'very_high' -> 'Very high'. Hyphens stay: they belong to words ('blue-eyed') and ranges ('12-18'). */
export function humanize(value: string): string {
  const spaced = value.replace(/_+/g, ' ').trim()
  return spaced.charAt(0).toUpperCase() + spaced.slice(1)
}

/** A trait value for display: humanized, with number ranges joined by an en dash ('12-18 years' -> '12–18 years'). */
export function formatTraitValue(value: string): string {
  return humanize(value).replace(/(\d)\s*-\s*(?=\d)/g, '$1\u2013')
}

export function formatAge(months: number | null): string | null {
  if (months === null || months === undefined) return null
  if (months < 12) return `${months} mo`
  const years = Math.floor(months / 12)
  const rest = months % 12
  return rest ? `${years} y ${rest} mo` : `${years} y`
}

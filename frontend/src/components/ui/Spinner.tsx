export function Spinner({ size = 'md', label }: { size?: 'sm' | 'md' | 'lg'; label?: string }) {
  const dimension = { sm: 'h-4 w-4', md: 'h-6 w-6', lg: 'h-10 w-10' }[size]
  return (
    <span role={label ? 'status' : undefined} className="inline-flex items-center gap-2">
      <span aria-hidden="true" className={`${dimension} animate-spin rounded-full border-2 border-current border-t-transparent opacity-70`} />
      {label && <span className="text-sm text-slate-600">{label}</span>}
    </span>
  )
}

export function PageLoader({ label = 'Loading…' }: { label?: string }) {
  return (
    <div className="flex min-h-[30vh] items-center justify-center text-teal-600">
      <Spinner size="lg" label={label} />
    </div>
  )
}

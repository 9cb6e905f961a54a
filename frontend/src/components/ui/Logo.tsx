/** The SmartBreeds paw mark (SVG, so it does not depend on an emoji font). */
export function LogoMark({ className = 'h-8 w-8' }: { className?: string }) {
  return (
    <svg viewBox="0 0 64 64" aria-hidden="true" className={className}>
      <rect width="64" height="64" rx="14" fill="#0f766e" />
      <g fill="#fff">
        <circle cx="20" cy="24" r="6" />
        <circle cx="32" cy="18" r="6" />
        <circle cx="44" cy="24" r="6" />
        <ellipse cx="32" cy="40" rx="12" ry="10" />
      </g>
    </svg>
  )
}

import type { HTMLAttributes, ReactNode } from 'react'
import { usePageHeading } from '../../hooks/usePageHeading'

export function Card({ className = '', children, ...rest }: HTMLAttributes<HTMLElement> & { children: ReactNode }) {
  return (
    <section className={`rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:p-6 ${className}`} {...rest}>
      {children}
    </section>
  )
}

/** The page's single <h1>: it names the tab (document.title) and takes focus after a route change. */
export function PageHeader({ title, description, actions, documentTitle }: { title: string; description?: string; actions?: ReactNode; documentTitle?: string }) {
  const headingRef = usePageHeading(documentTitle ?? title)
  return (
    <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
      <div>
        <h1 ref={headingRef} tabIndex={-1} className="text-2xl font-bold tracking-tight text-slate-900 outline-none sm:text-3xl">{title}</h1>
        {description && <p className="mt-1 text-slate-600">{description}</p>}
      </div>
      {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
    </div>
  )
}

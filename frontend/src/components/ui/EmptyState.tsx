import type { ReactNode } from 'react'

export function EmptyState({ icon = '🐾', title, description, action }: { icon?: string; title: string; description?: string; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center rounded-2xl border-2 border-dashed border-slate-200 bg-white px-6 py-10 text-center">
      <span aria-hidden="true" className="text-4xl">{icon}</span>
      <h2 className="mt-3 text-lg font-semibold text-slate-900">{title}</h2>
      {description && <p className="mt-1 max-w-md text-sm text-slate-600">{description}</p>}
      {action && <div className="mt-5">{action}</div>}
    </div>
  )
}

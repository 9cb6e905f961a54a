import { LogoMark } from '../ui/Logo'
import type { ReactNode } from 'react'
import { usePageHeading } from '../../hooks/usePageHeading'

export function AuthLayout({ title, subtitle, children, footer }: { title: string; subtitle: string; children: ReactNode; footer: ReactNode }) {
  const headingRef = usePageHeading(title)
  return (
    <main className="relative flex min-h-screen items-center justify-center bg-gradient-to-br from-teal-50 via-white to-amber-50 px-4 py-12">
      <div className="absolute left-4 top-4"><a href="/" className="flex items-center gap-2 text-sm font-semibold text-slate-800 hover:underline"><LogoMark className="h-6 w-6" />SmartBreeds</a></div>
      <div className="w-full max-w-md">
        <div className="mb-8 text-center">
          <LogoMark className="mx-auto h-12 w-12 shadow-sm" />
          <h1 ref={headingRef} tabIndex={-1} className="mt-4 outline-none text-2xl font-bold tracking-tight text-slate-900">{title}</h1>
          <p className="mt-1 text-slate-600">{subtitle}</p>
        </div>
        <div className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">{children}</div>
        <p className="mt-6 text-center text-sm text-slate-600">{footer}</p>
      </div>
    </main>
  )
}

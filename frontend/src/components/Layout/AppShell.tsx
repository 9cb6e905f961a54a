import { useState } from 'react'
import { NavLink, Outlet, useNavigate } from 'react-router'
import type { User } from '../../api'
import { useLogout } from '../../hooks/useAuth'
import { LogoMark } from '../ui/Logo'
import { UnverifiedBanner } from './UnverifiedBanner'

const LINKS = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/analyze', label: 'Analyze', end: true },
  { to: '/analyze/batch', label: 'Batch' },
  { to: '/identifications', label: 'Identifications' },
  { to: '/pets', label: 'My pets' },
  { to: '/ask', label: 'Ask' },
  { to: '/profile', label: 'Profile' },
]

function linkClass({ isActive }: { isActive: boolean }) {
  return `rounded-lg px-3 py-2 text-sm font-medium transition ${isActive ? 'bg-teal-50 text-teal-900' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900'}`
}

export function AppShell({ user }: { user: User }) {
  const [menuOpen, setMenuOpen] = useState(false)
  const logout = useLogout()
  const navigate = useNavigate()
  const links = user.role === 'admin' ? [...LINKS, { to: '/admin', label: 'Knowledge base', end: true }, { to: '/admin/users', label: 'Users' }] : LINKS

  const onLogout = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) })

  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded-lg focus:bg-white focus:px-4 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-3">
          <NavLink to="/" className="flex items-center gap-2 text-lg font-bold text-slate-900">
            <LogoMark />
            SmartBreeds
          </NavLink>
          <nav aria-label="Main" className="hidden flex-wrap items-center gap-1 lg:flex">
            {links.map((link) => (
              <NavLink key={link.to} to={link.to} end={link.end} className={linkClass}>{link.label}</NavLink>
            ))}
          </nav>
          <div className="hidden items-center gap-3 lg:flex">
            <span className="max-w-40 truncate text-sm text-slate-600" title={user.email}>{user.name || user.email}</span>
            <button type="button" onClick={onLogout} disabled={logout.isPending} className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50">
              Log out
            </button>
          </div>
          <button type="button" className="rounded-lg p-2 text-slate-700 ring-1 ring-slate-300 lg:hidden" aria-expanded={menuOpen} aria-controls="mobile-nav" onClick={() => setMenuOpen((open) => !open)}>
            <span className="sr-only">Menu</span>
            <svg viewBox="0 0 24 24" aria-hidden="true" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round"><path d="M4 7h16M4 12h16M4 17h16" /></svg>
          </button>
        </div>
        {menuOpen && (
          <nav id="mobile-nav" aria-label="Mobile" className="flex flex-col gap-1 border-t border-slate-200 px-4 py-3 lg:hidden">
            {links.map((link) => (
              <NavLink key={link.to} to={link.to} end={link.end} className={linkClass} onClick={() => setMenuOpen(false)}>{link.label}</NavLink>
            ))}
            <button type="button" onClick={onLogout} className="rounded-lg px-3 py-2 text-left text-sm font-medium text-slate-700 hover:bg-slate-100">Log out</button>
          </nav>
        )}
      </header>
      <UnverifiedBanner user={user} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
        <Outlet />
      </main>
    </div>
  )
}

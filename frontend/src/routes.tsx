import { lazy, Suspense, useEffect } from 'react'
import { Route, Routes } from 'react-router'
import { useQueryClient } from '@tanstack/react-query'
import { setSessionExpiredHandler } from './api'
import { PublicOnly, RequireAdmin, RequireAuth } from './components/Layout/RouteGuards'
import { PageLoader } from './components/ui/Spinner'
import { queryKeys } from './hooks/queryKeys'
import { markSessionEnded } from './lib/session'

const LandingPage = lazy(() => import('./pages/LandingPage'))
const LoginPage = lazy(() => import('./pages/LoginPage'))
const RegisterPage = lazy(() => import('./pages/RegisterPage'))
const DashboardPage = lazy(() => import('./pages/DashboardPage'))
const AnalyzePage = lazy(() => import('./pages/AnalyzePage'))
const BatchAnalyzePage = lazy(() => import('./pages/BatchAnalyzePage'))
const IdentificationsPage = lazy(() => import('./pages/IdentificationsPage'))
const PetsPage = lazy(() => import('./pages/PetsPage'))
const PetDetailPage = lazy(() => import('./pages/PetDetailPage'))
const ProfilePage = lazy(() => import('./pages/ProfilePage'))
const AskPage = lazy(() => import('./pages/AskPage'))
const AdminKnowledgePage = lazy(() => import('./pages/AdminKnowledgePage'))
const AdminUsersPage = lazy(() => import('./pages/AdminUsersPage'))
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'))
const ForgotPasswordPage = lazy(() => import('./pages/ForgotPasswordPage'))
const ResetPasswordPage = lazy(() => import('./pages/ResetPasswordPage'))
const VerifyEmailPage = lazy(() => import('./pages/EmailLinkPage').then((module) => ({ default: module.VerifyEmailPage })))
const ConfirmEmailChangePage = lazy(() => import('./pages/EmailLinkPage').then((module) => ({ default: module.ConfirmEmailChangePage })))

/**
 * A refresh that failed (expired, revoked, signed out elsewhere) forgets the user and leaves a mark for the
 * login page ("Your session ended"); RequireAuth then sends them to /login?next=<this page>.
 */
function SessionExpiryWatcher() {
  const queryClient = useQueryClient()
  useEffect(() => {
    setSessionExpiredHandler(() => {
      if (queryClient.getQueryData(queryKeys.me)) markSessionEnded()
      queryClient.setQueryData(queryKeys.me, null)
    })
  }, [queryClient])
  return null
}

export function AppRoutes() {
  return (
    <>
      <SessionExpiryWatcher />
      <Suspense fallback={<PageLoader />}>
      <Routes>
        <Route path="/login" element={<PublicOnly><LoginPage /></PublicOnly>} />
        <Route path="/register" element={<PublicOnly><RegisterPage /></PublicOnly>} />
        <Route path="/forgot-password" element={<PublicOnly><ForgotPasswordPage /></PublicOnly>} />
        {/* Mailed links: they work signed in or not. */}
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="/verify-email" element={<VerifyEmailPage />} />
        <Route path="/confirm-email-change" element={<ConfirmEmailChangePage />} />
        <Route element={<RequireAuth landing={<LandingPage />} />}>
          <Route index element={<DashboardPage />} />
          <Route path="analyze" element={<AnalyzePage />} />
          <Route path="analyze/batch" element={<BatchAnalyzePage />} />
          <Route path="identifications" element={<IdentificationsPage />} />
          <Route path="pets" element={<PetsPage />} />
          <Route path="pets/:petId" element={<PetDetailPage />} />
          <Route path="profile" element={<ProfilePage />} />
          <Route path="ask" element={<AskPage />} />
          <Route path="admin" element={<RequireAdmin />}>
            <Route index element={<AdminKnowledgePage />} />
            <Route path="users" element={<AdminUsersPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
      </Suspense>
    </>
  )
}

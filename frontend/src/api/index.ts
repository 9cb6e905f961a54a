// The API by domain. Each call names its contract route (./types.ts): the path, parameters and body are
// type-checked, and the answer's type is the route's documented `data` (aliases in ./schemas.ts).
import { api, apiDownload, apiUpload, call, type UploadOptions } from './client'
import type { AdminUserUpdate, DocumentType, PetInput, PetUpdate, ProfileUpdate, RagQuery, SaveAnalysisBody } from './schemas'

export { ApiError, errorMessage } from './errors'
export { setSessionExpiredHandler } from './client'
export type * from './schemas'

/** Query parameters without the empty ones (an empty search box is no filter). */
function present<T extends Record<string, string | number | undefined>>(params: T): T {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== '')) as T
}

export const authApi = {
  register: async (body: { email: string; password: string; name: string }) =>
    (await call(() => api.POST('/api/v1/auth/register', { body }), 'none')).user,
  login: async (body: { email: string; password: string }) =>
    (await call(() => api.POST('/api/v1/auth/login', { body }), 'none')).user,
  // 'probe': an expired access token is refreshed first so the server really ends the session.
  logout: () => call(() => api.POST('/api/v1/auth/logout'), 'probe'),
  /** The signed-in user, or an ApiError 401 when there is no session (no redirect). */
  me: async () => (await call(() => api.GET('/api/v1/auth/me'), 'probe')).user,
  changePassword: async (body: { current_password: string; new_password: string }) =>
    (await call(() => api.POST('/api/v1/auth/password', { body }))).user,
  logoutAll: () => call(() => api.POST('/api/v1/auth/logout-all'), 'probe'),
  sessions: () => call(() => api.GET('/api/v1/auth/sessions')),
  endSession: (id: string) =>
    call(() => api.DELETE('/api/v1/auth/sessions/{session_id}', { params: { path: { session_id: id } } })),
}

export const adminApi = {
  users: (query: { q?: string; page?: number; page_size?: number }) =>
    call(() => api.GET('/api/v1/admin/users', { params: { query: present(query) } })),
  updateUser: (id: string, body: AdminUserUpdate) =>
    call(() => api.PATCH('/api/v1/admin/users/{user_id}', { params: { path: { user_id: id } }, body })),
}

export const profileApi = {
  get: () => call(() => api.GET('/api/v1/users/me')),
  update: (body: ProfileUpdate) => call(() => api.PATCH('/api/v1/users/me', { body })),
  /** Asks for the password again: a wrong one is 401 INVALID_CREDENTIALS (the session goes on). */
  deleteAccount: (password: string) => call(() => api.DELETE('/api/v1/users/me', { body: { password } })),
  /** GET /users/me/export: a zip with account.json and the user's photos. */
  exportData: () => apiDownload('/api/v1/users/me/export'),
}

const pet = (id: string) => ({ params: { path: { pet_id: id } } })

export const petsApi = {
  list: () => call(() => api.GET('/api/v1/pets')),
  get: (id: string) => call(() => api.GET('/api/v1/pets/{pet_id}', pet(id))),
  create: (body: PetInput) => call(() => api.POST('/api/v1/pets', { body })),
  update: (id: string, body: PetUpdate) => call(() => api.PATCH('/api/v1/pets/{pet_id}', { ...pet(id), body })),
  remove: (id: string) => call(() => api.DELETE('/api/v1/pets/{pet_id}', pet(id))),
  analyses: (id: string) => call(() => api.GET('/api/v1/pets/{pet_id}/analyses', pet(id))),
}

const analysis = (id: string) => ({ params: { path: { analysis_id: id } } })

export const analyzeApi = {
  analyze: (image: File, petId: string | null, options: UploadOptions = {}) =>
    apiUpload('/api/v1/pets/analyze', { image, pet_id: petId ?? undefined }, options),
  chooseBreed: (analysisId: string, breed: string) =>
    call(() => api.POST('/api/v1/analyses/{analysis_id}/breed', { ...analysis(analysisId), body: { breed } })),
  save: (analysisId: string, body: SaveAnalysisBody) =>
    call(() => api.POST('/api/v1/analyses/{analysis_id}/save', { ...analysis(analysisId), body })),
  breeds: (query: { species?: 'dog' | 'cat'; q?: string } = {}) =>
    call(() => api.GET('/api/v1/breeds', { params: { query: present(query) } })),
}

export const recommendationsApi = {
  forPet: (petId: string, limit = 4) =>
    call(() => api.POST('/api/v1/recommendations', { body: { pet_id: petId, limit } })),
}

const ragDocument = (id: string) => ({ params: { path: { document_id: id } } })

export const ragApi = {
  query: (body: RagQuery) => call(() => api.POST('/api/v1/rag/query', { body })),
  documents: () => call(() => api.GET('/api/v1/rag/documents')),
  ingest: (file: File, documentType: DocumentType, title: string | undefined, options: UploadOptions = {}) =>
    apiUpload('/api/v1/rag/ingest', { file, document_type: documentType, title }, options),
  document: (id: string) => call(() => api.GET('/api/v1/rag/documents/{document_id}', ragDocument(id))),
  removeDocument: (id: string) => call(() => api.DELETE('/api/v1/rag/documents/{document_id}', ragDocument(id))),
}

const job = (id: string) => ({ params: { path: { job_id: id } } })

export const jobsApi = {
  get: (id: string) => call(() => api.GET('/api/v1/jobs/{job_id}', job(id))),
  cancel: (id: string) => call(() => api.DELETE('/api/v1/jobs/{job_id}', job(id))),
  startBatchAnalysis: (images: File[], options: UploadOptions = {}) =>
    apiUpload('/api/v1/pets/analyze/batch', { images }, options),
}

export const dashboardApi = {
  get: () => call(() => api.GET('/api/v1/dashboard')),
}

import { apiDownload, apiRequest, apiUpload, type UploadOptions } from './client'
import type {
  Analysis,
  AdminUser,
  AdminUserUpdate,
  AuthUserResponse,
  BreedInfo,
  Dashboard,
  DocumentType,
  IngestResult,
  KnowledgeDocument,
  Pet,
  PetAnalysis,
  PetInput,
  Paginated,
  RagDocument,
  SaveAnalysisBody,
  Session,
  Profile,
  ProfileUpdate,
  RagAnswer,
  RagQuery,
  RecommendationResult,
  User,
} from './models'

export { ApiError, errorMessage } from './errors'
export { setSessionExpiredHandler } from './client'
export type * from './models'

async function userOf(promise: Promise<AuthUserResponse>): Promise<User> {
  return (await promise).user
}

/** Lists are plain arrays in the contract; a paginated `{items}` answer is accepted too. */
function listOf<T>(value: T[] | { items: T[] } | null): T[] {
  if (Array.isArray(value)) return value
  return value?.items ?? []
}

export const authApi = {
  register: (body: { email: string; password: string; name: string }) =>
    userOf(apiRequest<AuthUserResponse>('/auth/register', { method: 'POST', json: body, auth: 'none' })),
  login: (body: { email: string; password: string }) =>
    userOf(apiRequest<AuthUserResponse>('/auth/login', { method: 'POST', json: body, auth: 'none' })),
  // 'probe': an expired access token is refreshed first so the server really ends the session.
  logout: () => apiRequest<unknown>('/auth/logout', { method: 'POST', auth: 'probe' }),
  /** The signed-in user, or an ApiError 401 when there is no session (no redirect). */
  me: () => userOf(apiRequest<AuthUserResponse>('/auth/me', { auth: 'probe' })),
  changePassword: (body: { current_password: string; new_password: string }) =>
    userOf(apiRequest<AuthUserResponse>('/auth/password', { method: 'POST', json: body })),
  logoutAll: () => apiRequest<unknown>('/auth/logout-all', { method: 'POST', auth: 'probe' }),
  sessions: async () => listOf(await apiRequest<Session[] | { items: Session[] }>('/auth/sessions')),
  endSession: (id: string) => apiRequest<unknown>(`/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' }),
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

export const adminApi = {
  users: (params: { q?: string; page?: number; page_size?: number }) =>
    apiRequest<Paginated<AdminUser>>(`/admin/users${query(params)}`),
  updateUser: (id: string, body: AdminUserUpdate) =>
    apiRequest<unknown>(`/admin/users/${encodeURIComponent(id)}`, { method: 'PATCH', json: body }),
}

export const profileApi = {
  get: () => apiRequest<Profile>('/users/me'),
  update: (body: ProfileUpdate) => apiRequest<Profile>('/users/me', { method: 'PATCH', json: body }),
  /** Asks for the password again: a wrong one is 401 INVALID_CREDENTIALS (the session goes on). */
  deleteAccount: (password: string) => apiRequest<unknown>('/users/me', { method: 'DELETE', json: { password } }),
  /** GET /users/me/export: a zip with account.json and the user's photos. */
  exportData: () => apiDownload('/users/me/export'),
}

export const petsApi = {
  list: () => apiRequest<Pet[]>('/pets'),
  get: (id: string) => apiRequest<Pet>(`/pets/${encodeURIComponent(id)}`),
  create: (body: PetInput) => apiRequest<Pet>('/pets', { method: 'POST', json: body }),
  update: (id: string, body: Partial<PetInput>) =>
    apiRequest<Pet>(`/pets/${encodeURIComponent(id)}`, { method: 'PATCH', json: body }),
  remove: (id: string) => apiRequest<unknown>(`/pets/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  analyses: (id: string) => apiRequest<PetAnalysis[]>(`/pets/${encodeURIComponent(id)}/analyses`),
}

export const analyzeApi = {
  analyze: (image: File, petId: string | null, options: UploadOptions = {}) => {
    const form = new FormData()
    form.append('image', image)
    if (petId) form.append('pet_id', petId)
    return apiUpload<Analysis>('/pets/analyze', form, options)
  },
  chooseBreed: (analysisId: string, breed: string) =>
    apiRequest<Analysis>(`/analyses/${encodeURIComponent(analysisId)}/breed`, { method: 'POST', json: { breed } }),
  save: (analysisId: string, body: SaveAnalysisBody) =>
    apiRequest<Pet>(`/analyses/${encodeURIComponent(analysisId)}/save`, { method: 'POST', json: body }),
  breeds: async (params: { species?: string; q?: string } = {}) =>
    listOf(await apiRequest<BreedInfo[] | { items: BreedInfo[] }>(`/breeds${query(params)}`)),
}

export const recommendationsApi = {
  forPet: (petId: string, limit = 4) =>
    apiRequest<RecommendationResult>('/recommendations', { method: 'POST', json: { pet_id: petId, limit } }),
}

export const ragApi = {
  query: (body: RagQuery) => apiRequest<RagAnswer>('/rag/query', { method: 'POST', json: body }),
  documents: async () => listOf(await apiRequest<KnowledgeDocument[] | { items: KnowledgeDocument[] }>('/rag/documents')),
  ingest: (file: File, documentType: DocumentType, title: string | undefined, options: UploadOptions = {}) => {
    const form = new FormData()
    form.append('file', file)
    form.append('document_type', documentType)
    if (title) form.append('title', title)
    return apiUpload<IngestResult>('/rag/ingest', form, options)
  },
  document: (id: string) => apiRequest<RagDocument>(`/rag/documents/${encodeURIComponent(id)}`),
  removeDocument: (id: string) =>
    apiRequest<unknown>(`/rag/documents/${encodeURIComponent(id)}`, { method: 'DELETE' }),
}

export const dashboardApi = {
  get: () => apiRequest<Dashboard>('/dashboard'),
}

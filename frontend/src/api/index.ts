import { apiRequest, apiUpload, type UploadOptions } from './client'
import type {
  Analysis,
  AuthUserResponse,
  Dashboard,
  DocumentType,
  IngestResult,
  KnowledgeDocument,
  Pet,
  PetAnalysis,
  PetInput,
  Profile,
  ProfileUpdate,
  RagAnswer,
  RagQuery,
  User,
} from './types'

export { ApiError, errorMessage } from './errors'
export { setSessionExpiredHandler } from './client'
export type * from './types'

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
}

export const profileApi = {
  get: () => apiRequest<Profile>('/users/me'),
  update: (body: ProfileUpdate) => apiRequest<Profile>('/users/me', { method: 'PATCH', json: body }),
  deleteAccount: () => apiRequest<unknown>('/users/me', { method: 'DELETE' }),
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
  removeDocument: (id: string) =>
    apiRequest<unknown>(`/rag/documents/${encodeURIComponent(id)}`, { method: 'DELETE' }),
}

export const dashboardApi = {
  get: () => apiRequest<Dashboard>('/dashboard'),
}

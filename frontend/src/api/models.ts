// The app's names for the contract's shapes (docs/api-contract.md). The wire types are generated in
// ./types.ts (openapi-typescript, `make contract`); ./contract-check.ts fails the type check when these drift from them.

export interface ApiErrorBody {
  code: string
  message: string
  details?: Record<string, unknown> | null
}

export interface Envelope<T> {
  success: boolean
  data: T | null
  error: ApiErrorBody | null
  timestamp: string
}

export type Role = 'user' | 'admin'

export interface User {
  id: string
  email: string
  name: string
  role: Role
  created_at: string
  /** False until the address is confirmed from a mailed link (the account works meanwhile). */
  email_verified?: boolean
}

export interface AuthUserResponse {
  user: User
}

export interface Profile {
  user_id: string
  first_name: string
  last_name: string
  phone: string
  address: string
  preferences: Record<string, unknown>
  created_at: string
  updated_at: string
}

export type ProfileUpdate = Partial<Pick<Profile, 'first_name' | 'last_name' | 'phone' | 'address' | 'preferences'>>

export type Species = 'dog' | 'cat' | 'other'

export interface Pet {
  id: string
  name: string
  species: Species
  breed: string | null
  breed_confidence: number | null
  age: number | null
  weight: number | null
  health_conditions: string[]
  image_url: string | null
  created_at: string
  updated_at: string
}

export interface PetInput {
  name: string
  species: Species
  breed?: string | null
  breed_confidence?: number | null
  age?: number | null
  weight?: number | null
  health_conditions?: string[]
  image_url?: string | null
}

export interface PetAnalysis {
  id: string
  pet_id: string
  image_url: string
  breed_detected: string
  confidence: number
  traits: Record<string, unknown>
  created_at: string
  pet_name?: string
}

export interface Source {
  document_id: string
  title: string
  source: string
  document_type: string
  chunk_index: number
  score: number
  excerpt: string
}

/** Whether health info and recommendations are for the breed or only for the species (a guess). */
export type AdviceScope = 'breed' | 'species'

export interface HealthInfo {
  summary: string
  common_conditions: string[]
  sources: Source[]
  degraded?: string[]
}

export type ProductCategory = 'food' | 'toy' | 'accessory' | 'health' | 'grooming'

export interface Product {
  id: string
  name: string
  brand: string
  category: ProductCategory
  description: string
  price: number
  image_url: string | null
  suitable_for: Record<string, unknown>
}

export interface Recommendation {
  product: Product
  score: number
  explanation: string
  /** The knowledge-base guide the explanation cites (read it at GET /rag/documents/{document_id}). */
  source?: GuideSource | null
}

export interface GuideSource {
  document_id: string
  title: string
}

export interface BreedAlternative {
  breed: string
  confidence: number
}

export type BreedSource = 'classifier' | 'vlm' | 'user'

export interface BreedInfo {
  name: string
  species: 'dog' | 'cat' | string
  size?: string | null
  [key: string]: unknown
}

export interface BreedCandidate {
  breed: string
  species?: 'dog' | 'cat'
  probability: number
}

export interface Traits {
  size?: string
  energy_level?: string
  temperament?: string | string[]
  [key: string]: unknown
}

export interface Analysis {
  analysis_id: string | null
  breed: string
  species: Species
  confidence: number
  is_mixed: boolean
  traits: Traits
  health_info: HealthInfo | null
  recommendations: Recommendation[]
  degraded: string[]
  // Contract "Additions" (optional until every service sends them).
  is_confident?: boolean
  alternatives?: BreedAlternative[]
  breed_source?: BreedSource
  advice_scope?: AdviceScope
  // Optional additions the frontend shows when the AI service sends them.
  description?: string
  image_url?: string | null
  parent_breeds?: string[]
  candidates?: BreedCandidate[]
  pet_id?: string | null
  disagreement?: string | null
  saved_to_history?: boolean
}

export interface RagQuery {
  question: string
  breed?: string
  top_k?: number
}

export interface RagAnswer {
  answer: string
  /** False when nothing in the knowledge base was relevant (then sources is empty). */
  answered?: boolean
  sources: Source[]
  degraded?: string[]
}

export type DocumentType = 'breed_guide' | 'health_info' | 'nutrition' | 'care'

export interface KnowledgeDocument {
  id: string
  title: string
  source?: string
  document_type: DocumentType | string
  file_type?: string
  chunk_count: number
  size_bytes?: number
  status?: string
  breed?: string | null
  species?: string | null
  created_at?: string
}

export interface IngestResult {
  document_id: string
  title: string
  document_type: string
  chunk_count: number
  content_hash: string
}

export interface RecommendationResult {
  products: Product[]
  scores: number[]
  explanations: string[]
  /** The guide each explanation cites, in the same order (null: none). */
  sources?: (GuideSource | null)[]
  degraded?: string[]
}

export interface Dashboard {
  pets: Pet[] | null
  recent_analyses: PetAnalysis[] | null
  recommendations: RecommendationResult | Recommendation[] | null
  degraded?: string[]
}

export interface RagDocument {
  document_id: string
  title: string
  document_type: string
  source: string
  text: string
}

export interface Paginated<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export interface Session {
  id: string
  created_at: string
  last_used_at: string | null
  user_agent: string
  ip: string | null  // null when the address is unknown
  current: boolean
}

export interface AdminUser {
  user: User
  is_active: boolean
  last_login: string | null
}

export interface AdminUserUpdate {
  is_active?: boolean
  role?: Role
}

export type SaveAnalysisBody = { name: string } | { pet_id: string }

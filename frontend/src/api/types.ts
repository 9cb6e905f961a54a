// Shapes of docs/api-contract.md. Fields the contract marks optional, or that services may add, are optional here.

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
  degraded?: string[]
}

export interface Dashboard {
  pets: Pet[] | null
  recent_analyses: PetAnalysis[] | null
  recommendations: RecommendationResult | Recommendation[] | null
  degraded?: string[]
}

// The app's names for the contract's shapes: aliases of the schemas generated from the public OpenAPI
// (./types.ts, `make contract`), never hand-written copies. A service that changes a shape changes these.
import type { components } from './types'

type Schemas = components['schemas']

export type ApiErrorBody = Schemas['ErrorBody']

export type User = Schemas['AuthUserOutput']
export type AuthUserResponse = Schemas['AuthUserBodyOutput']
export type Role = User['role']
export type Session = Schemas['AuthSessionListOutput']
export type AdminUser = Schemas['AuthAdminUserOutput']
export type AdminUserPage = Schemas['AuthAdminUserListOutput']
export type AdminUserUpdate = Schemas['AuthPatchedAdminUserUpdateInputRequest']

export type Profile = Schemas['UserProfileOutput']
export type ProfileUpdate = Schemas['UserPatchedProfileUpdateInputRequest']
export type Pet = Schemas['UserPetOutput']
export type Species = Pet['species']
export type PetInput = Schemas['UserPetCreateInputRequest']
export type PetUpdate = Schemas['UserPatchedPetUpdateInputRequest']
export type PetAnalysis = Schemas['UserAnalysisOutput']
export type RecentAnalysis = Schemas['UserAnalysisRecentOutput']

export type Analysis = Schemas['AiAnalysisOut']
export type Traits = Analysis['traits']
export type BreedSource = Analysis['breed_source']
/** Whether health info and recommendations are for the breed or only for the species (a guess). */
export type AdviceScope = Analysis['advice_scope']
export type BreedAlternative = Schemas['AiAlternative']
export type BreedCandidate = Schemas['AiCandidate']
export type HealthInfo = Schemas['AiHealthInfoOut']
export type Source = Schemas['AiSource']
export type Product = Schemas['AiProductOut']
export type ProductCategory = Product['category']
export type Recommendation = Schemas['AiRecommendedProduct']
export type RecommendationResult = Schemas['AiRecommendationResult']
export type RecentRecommendation = Schemas['AiRecentRecommendation']
export type GuideSource = Schemas['AiGuideSource']
export type BreedInfo = Schemas['AiBreedOut']
export type SaveAnalysisBody = Schemas['AiSaveAnalysisIn']
export type SavedPet = Schemas['AiSavedPet']
export type RagQuery = Schemas['AiRagQueryIn']
export type RagAnswer = Schemas['AiRagAnswer']
export type RagDocument = Schemas['AiDocumentText']
export type KnowledgeDocument = Schemas['AiDocumentOut']
export type IngestForm = Schemas['AiBody_ingest_document_api_v1_rag_ingest_post']
export type DocumentType = IngestForm['document_type']
export type IngestResult = Schemas['AiIngestAccepted']
export type Job = Schemas['AiJobOut']

export type Dashboard = Schemas['DashboardData']

// Fails `tsc` when the app's names for the contract's shapes (./models.ts) stop matching what the
// services really answer (./types.ts, generated from the public OpenAPI by `make contract`).
import type { components } from './types'
import type { AdminUser, Analysis, Pet, PetAnalysis, Product, Profile, RagAnswer, Session, Source, User } from './models'

type Schemas = components['schemas']
type Expect<T extends true> = T
type Assignable<From, To> = [From] extends [To] ? true : false

export type ContractChecks = [
  Expect<Assignable<Schemas['AuthUserOutput'], User>>,
  Expect<Assignable<Schemas['AuthSessionListOutput'], Session>>,
  Expect<Assignable<Schemas['AuthAdminUserOutput'], AdminUser>>,
  Expect<Assignable<Schemas['UserProfileOutput'], Profile>>,
  Expect<Assignable<Schemas['UserPetOutput'], Pet>>,
  Expect<Assignable<Schemas['UserAnalysisOutput'], PetAnalysis>>,
  Expect<Assignable<Schemas['AiProductOut'], Product>>,
  Expect<Assignable<Schemas['AiSource'], Source>>,
  Expect<Assignable<Schemas['AiRagAnswer'], RagAnswer>>,
  Expect<Assignable<Schemas['AiAnalysisOut'], Analysis>>,
]

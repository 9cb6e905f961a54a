export const queryKeys = {
  me: ['auth', 'me'] as const,
  profile: ['profile'] as const,
  pets: ['pets'] as const,
  pet: (id: string) => ['pets', id] as const,
  petAnalyses: (id: string) => ['pets', id, 'analyses'] as const,
  dashboard: ['dashboard'] as const,
  documents: ['rag', 'documents'] as const,
  document: (id: string) => ['rag', 'documents', id] as const,
  sessions: ['auth', 'sessions'] as const,
  adminUsers: (q: string, page: number) => ['admin', 'users', q, page] as const,
  breeds: (species: string) => ['breeds', species] as const,
  petRecommendations: (id: string) => ['pets', id, 'recommendations'] as const,
}

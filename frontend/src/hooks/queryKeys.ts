export const queryKeys = {
  me: ['auth', 'me'] as const,
  profile: ['profile'] as const,
  pets: ['pets'] as const,
  pet: (id: string) => ['pets', id] as const,
  petAnalyses: (id: string) => ['pets', id, 'analyses'] as const,
  dashboard: ['dashboard'] as const,
  documents: ['rag', 'documents'] as const,
}

import type { Recommendation, RecommendationResult } from '../api'

/** POST /recommendations answers {products, scores, explanations, sources} in one order; pair them up. */
export function pairRecommendations(value: RecommendationResult | Recommendation[] | null | undefined): Recommendation[] | null {
  if (value === null || value === undefined) return null
  if (Array.isArray(value)) return value.filter((item) => item && typeof item === 'object' && 'product' in item)
  return value.products.map((product, index) => ({
    product,
    score: value.scores[index] ?? 0,
    explanation: value.explanations[index] ?? '',
    source: value.sources?.[index] ?? null,
  }))
}

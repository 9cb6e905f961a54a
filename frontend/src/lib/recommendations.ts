import type { Recommendation, RecommendationResult } from '../api'

/** POST /recommendations answers {products, scores, explanations, sources} in one order; pair them up. */
export function pairRecommendations(value: RecommendationResult | undefined): Recommendation[] | null {
  if (value === undefined) return null
  return value.products.map((product, index) => ({
    product,
    score: value.scores[index] ?? 0,
    explanation: value.explanations[index] ?? '',
    source: value.sources?.[index] ?? null,
  }))
}

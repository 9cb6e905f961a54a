import type { Analysis } from '../api'

/** True when health info and products are for the species only (the breed is a guess until the user picks). */
export function isSpeciesLevel(analysis: Analysis): boolean {
  if (analysis.advice_scope) return analysis.advice_scope === 'species'
  return analysis.is_confident === false
}

export function speciesNoun(species: string): string {
  return species === 'dog' ? 'dogs' : species === 'cat' ? 'cats' : 'pets'
}

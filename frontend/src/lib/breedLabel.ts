import type { Analysis, PetAnalysis } from '../api'
import { humanize, percent } from './format'

interface Shown {
  breed: string
  species?: string | null
  isConfident: boolean
  confidence: number
  originalBreed?: string | null
  userChosen?: boolean
}

function fromAnalysis(analysis: Analysis): Shown {
  return {
    breed: analysis.breed,
    species: analysis.species,
    isConfident: analysis.is_confident !== false,
    confidence: analysis.confidence,
    originalBreed: analysis.original_breed,
    userChosen: analysis.breed_source === 'user',
  }
}

function fromRecord(record: PetAnalysis, species?: string | null): Shown {
  return {
    breed: record.breed_detected,
    species,
    isConfident: record.is_confident !== false,
    confidence: record.confidence,
    originalBreed: record.original_breed,
  }
}

/** What a list may state about an analysis: the breed when it is known, else only the species. */
export function breedHeadline(shown: Shown): string {
  if (shown.isConfident) return shown.breed
  return shown.species === 'dog' || shown.species === 'cat' ? `${humanize(shown.species)}, breed not certain` : 'Breed not certain'
}

/** The line under it: a guess stays a guess ("maybe X, 31%"), a correction says so. */
export function breedDetail(shown: Shown): string {
  if (!shown.isConfident) return `Best guess ${shown.breed} (${percent(shown.confidence)}), not confirmed`
  if (shown.originalBreed) return `Identified as ${shown.originalBreed}, corrected by you`
  if (shown.userChosen || shown.confidence >= 1) return 'Breed chosen by you'
  return `${percent(shown.confidence)} confidence`
}

export const shownAnalysis = fromAnalysis
export const shownRecord = fromRecord

/** The list thumbnail of a stored photo (`<sha>.jpg` -> `<sha>-320.webp`); other URLs are used as they are. */
export function thumbnailOf(imageUrl: string | null | undefined, thumbnailUrl?: string | null): string | undefined {
  if (thumbnailUrl) return thumbnailUrl
  if (!imageUrl) return undefined
  const match = /^(.*\/)([0-9a-f]{64})\.(jpg|png|webp)$/.exec(imageUrl)
  return match ? `${match[1]}${match[2]}-320.webp` : imageUrl
}

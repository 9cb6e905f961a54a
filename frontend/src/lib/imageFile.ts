export const MAX_IMAGE_BYTES = 10 * 1024 * 1024
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const

/** Why a photo cannot be uploaded, or null when it can (the server checks again). */
export function imageFileProblem(file: File): string | null {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) return 'Please choose a JPEG, PNG or WebP photo.'
  if (file.size > MAX_IMAGE_BYTES) return 'That photo is larger than 10 MB. Please choose a smaller one.'
  if (file.size === 0) return 'That file is empty. Please choose another photo.'
  return null
}

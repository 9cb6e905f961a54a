/** Splits `text` around the first occurrence of `passage` (whitespace and case tolerant). */
export function splitAtPassage(text: string, passage: string | undefined): [string, string, string] | null {
  const wanted = (passage ?? '').replace(/\u2026|\.\.\.$/g, '').trim()
  if (!wanted) return null
  // Build a pattern from the passage's words, allowing any whitespace (chunks are re-flowed) between them.
  const words = wanted.split(/\s+/).slice(0, 40).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  if (words.length === 0) return null
  const match = new RegExp(words.join('\\s+'), 'i').exec(text)
  if (!match) return null
  return [text.slice(0, match.index), match[0], text.slice(match.index + match[0].length)]
}

/** Which sentences of a document a cited excerpt covers, so the viewer can highlight them whole. */

const SENTENCE_END = /(?<=[.!?])\s+(?=[A-Z0-9"'(])/

export function normalise(text: string): string {
  return text
    .replace(/[*_`#>]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase()
}

export function splitSentences(text: string): string[] {
  return text.split(SENTENCE_END).map((sentence) => sentence.trim()).filter(Boolean)
}

/**
 * True when `sentence` is part of the excerpt: wholly inside it, or the sentence the excerpt starts in the
 * middle of, or the one it was cut off in (the excerpt is a whitespace-collapsed, possibly truncated piece).
 */
export function isCited(sentence: string, excerpt: string | undefined): boolean {
  const raw = (excerpt ?? '').replace(/\u2026$/, '')
  const cited = normalise(raw)
  const wanted = normalise(sentence)
  if (!cited || wanted.length < 12) return false
  if (cited.includes(wanted)) return true
  const parts = splitSentences(raw.replace(/\s+/g, ' ')).map(normalise)
  const first = parts[0] ?? ''
  const last = parts[parts.length - 1] ?? ''
  return (first.length >= 12 && wanted.endsWith(first)) || (last.length >= 10 && wanted.startsWith(last))
}

import type { MouseEvent, ReactNode } from 'react'

/** The answer with each [n] marker turned into a link to source card n (markers without a source stay text). */
export function AnswerText({ text, sourceCount, anchorPrefix }: { text: string; sourceCount: number; anchorPrefix: string }) {
  const parts: ReactNode[] = []
  const pattern = /\[(\d+)\]/g
  let last = 0
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const n = Number(match[1])
    if (n < 1 || n > sourceCount) continue
    parts.push(text.slice(last, match.index))
    const target = `${anchorPrefix}-${n}`
    const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
      // Move focus too (a hash jump alone leaves keyboard focus behind) without touching the URL.
      const card = document.getElementById(target)
      if (!card) return
      event.preventDefault()
      card.scrollIntoView?.({ block: 'nearest' })
      card.focus()
    }
    parts.push(
      <a key={`${match.index}-${n}`} href={`#${target}`} onClick={onClick} data-testid="citation" aria-label={`Source ${n}`} className="mx-0.5 rounded bg-teal-100 px-1 text-xs font-bold text-teal-900 no-underline hover:bg-teal-200">
        [{n}]
      </a>,
    )
    last = match.index + match[0].length
  }
  parts.push(text.slice(last))
  return <p className="whitespace-pre-line">{parts}</p>
}

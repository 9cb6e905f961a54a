import { degradedNotes } from '../../lib/degraded'

export function DegradedNotice({ names }: { names: readonly string[] }) {
  const notes = degradedNotes(names)
  if (notes.length === 0) return null
  return (
    <div role="status" data-testid="degraded-notice" className="rounded-2xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">
      <p className="font-semibold">Some features are running in fallback mode</p>
      <ul className="mt-1 list-disc space-y-1 pl-5">
        {notes.map((note) => <li key={note}>{note}</li>)}
      </ul>
    </div>
  )
}

import { describe, expect, it } from 'vitest'
import { degradedNotes } from './degraded'

describe('degradedNotes', () => {
  it('gives one note when the knowledge base failed (health_info and rag together)', () => {
    expect(degradedNotes(['health_info', 'rag'])).toEqual([
      'Health information is limited right now; our knowledge base could not be searched, so the health notes come from our breed data.',
    ])
  })

  it('has nothing to say when nothing fell back', () => {
    expect(degradedNotes([])).toEqual([])
  })
})

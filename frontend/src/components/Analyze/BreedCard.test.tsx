import { render, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Analysis } from '../../api'
import { makeAnalysis } from '../../test/fixtures'
import { BreedCard } from './BreedCard'

const analysis: Analysis = makeAnalysis({
  analysis_id: 'a1',
  breed: 'Domestic Shorthair',
  species: 'cat',
  confidence: 0.3,
  is_mixed: false,
  traits: { size: 'medium', energy_level: 'very_high', coat: 'short, blue-grey', lifespan: '12-18 years', lifespan_years: { min: 12, max: 18 } },
  health_info: { summary: '', common_conditions: [], sources: [] },
  recommendations: [],
  degraded: ['vision_llm'],
})

function trait(name: string) {
  return within(screen.getByTestId('breed-card')).getByText(name).nextElementSibling
}

describe('BreedCard', () => {
  it('shows a lifespan range with a dash', () => {
    render(<BreedCard analysis={analysis} />)
    expect(trait('Lifespan')).toHaveTextContent(/^12–18 years$/)
  })

  it('humanizes enum values and keeps hyphenated words', () => {
    render(<BreedCard analysis={analysis} />)
    expect(trait('Energy level')).toHaveTextContent(/^Very high$/)
    expect(trait('Coat')).toHaveTextContent(/^Short, blue-grey$/)
  })
})

import type { Analysis } from '../api'

/** An analysis with every field the contract requires; tests override what they look at. */
export function makeAnalysis(overrides: Partial<Analysis> = {}): Analysis {
  return {
    analysis_id: 'a1',
    breed: 'Beagle',
    species: 'dog',
    confidence: 0.9,
    is_mixed: false,
    is_confident: true,
    alternatives: [],
    breed_source: 'classifier',
    advice_scope: 'breed',
    advice_size: null,
    candidates: [],
    parent_breeds: [],
    description: '',
    disagreement: null,
    traits: {},
    health_info: { summary: '', common_conditions: [], sources: [] },
    recommendations: [],
    degraded: [],
    image_url: '/api/v1/uploads/a1.jpg',
    pet_id: null,
    saved_to_history: false,
    ...overrides,
  }
}

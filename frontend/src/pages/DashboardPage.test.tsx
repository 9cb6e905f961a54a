import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockApi, testUser } from '../test/api'
import { renderWithProviders } from '../test/render'
import DashboardPage from './DashboardPage'

afterEach(() => {
  vi.unstubAllGlobals()
})

const product = { id: 'p1', name: 'Slow Feeder Bowl', brand: 'Pawfect', category: 'accessory', description: '', price: 12, image_url: null, suitable_for: {} }

describe('DashboardPage', () => {
  it('shows pets and paired recommendations, and names a part that is down', async () => {
    mockApi({
      'POST /recommendations': () => ({ data: { products: [product], scores: [0.87], explanations: ['Slows down fast eaters.'] } }),
      'GET /auth/me': () => ({ data: { user: testUser } }),
      'GET /dashboard': () => ({
        data: {
          pets: [{ id: 'pet-1', name: 'Rex', species: 'dog', breed: 'Beagle', breed_confidence: 0.8, age: 30, weight: 11, health_conditions: [], image_url: null, created_at: '', updated_at: '' }],
          recent_analyses: null,
          recommendations: [],
          degraded: ['recent_analyses'],
        },
      }),
    })
    renderWithProviders(<DashboardPage />)

    expect(await screen.findByTestId('pet-item')).toHaveTextContent('Rex')
    const recommendation = await screen.findByTestId('recommendation-item')
    expect(recommendation).toHaveTextContent('Slow Feeder Bowl')
    expect(recommendation).toHaveTextContent('87% match')
    expect(recommendation).toHaveTextContent('Slows down fast eaters.')
    expect(screen.getByTestId('degraded-notice')).toHaveTextContent('Recent analyses could not be loaded right now.')
    expect(screen.queryByRole('heading', { name: 'Recent analyses' })).not.toBeInTheDocument()
  })

  it('invites a new user to analyze a photo when there are no pets', async () => {
    mockApi({
      'GET /auth/me': () => ({ data: { user: testUser } }),
      'GET /dashboard': () => ({ data: { pets: [], recent_analyses: [], recommendations: null, degraded: [] } }),
    })
    renderWithProviders(<DashboardPage />)

    expect(await screen.findByRole('heading', { name: 'Add your first pet' })).toBeInTheDocument()
    expect(screen.getAllByRole('link', { name: 'Analyze a photo' }).length).toBeGreaterThan(0)
  })

  it('fills "Picked for your pets" per pet when the dashboard has no paired products', async () => {
    const rex = { id: 'pet-1', name: 'Rex', species: 'dog', breed: 'Beagle', breed_confidence: 0.8, age: 30, weight: 11, health_conditions: [], image_url: null, created_at: '', updated_at: '' }
    const api = mockApi({
      'GET /auth/me': () => ({ data: { user: testUser } }),
      // What the gateway sends: recent recommendation sets, here none yet.
      'GET /dashboard': () => ({ data: { pets: [rex], recent_analyses: [], recommendations: [], degraded: [] } }),
      'POST /recommendations': () => ({ data: { products: [product], scores: [0.7], explanations: ['Good for beagles.'] } }),
    })
    renderWithProviders(<DashboardPage />)

    const picks = await screen.findByTestId('picked-for-pets')
    expect(await within(picks).findByTestId('recommendation-item')).toHaveTextContent('Slow Feeder Bowl')
    expect(within(picks).getByRole('heading', { name: 'For Rex' })).toBeInTheDocument()
    expect(api.calls.find((call) => call.path === '/recommendations')?.body).toEqual({ pet_id: 'pet-1', limit: 4 })
  })
})


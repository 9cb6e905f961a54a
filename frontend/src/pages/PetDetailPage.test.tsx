import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Route, Routes } from 'react-router'
import { mockApi } from '../test/api'
import { renderWithProviders } from '../test/render'
import PetDetailPage from './PetDetailPage'

const pet = { id: 'pet-1', name: 'Rex', species: 'dog', breed: 'Beagle', breed_confidence: 0.8, age: 30, weight: 11, health_conditions: ['allergies'], image_url: null, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }

afterEach(() => {
  vi.unstubAllGlobals()
})

function renderPet() {
  return renderWithProviders(
    <Routes>
      <Route path="/pets/:petId" element={<PetDetailPage />} />
      <Route path="/pets" element={<h1>My pets</h1>} />
    </Routes>,
    { route: '/pets/pet-1' },
  )
}

describe('PetDetailPage', () => {
  it('lists the analysis history with images', async () => {
    mockApi({
      'GET /pets/pet-1': () => ({ data: pet }),
      'GET /pets/pet-1/analyses': () => ({ data: [{ id: 'an1', pet_id: 'pet-1', image_url: '/uploads/a.jpg', breed_detected: 'Beagle', confidence: 0.8, traits: {}, created_at: '2026-01-05T00:00:00Z' }] }),
    })
    renderPet()

    const item = await screen.findByTestId('analysis-item')
    expect(item).toHaveTextContent('Beagle')
    expect(item.querySelector('img')).toHaveAttribute('src', '/uploads/a.jpg')
  })

  it('deletes only after confirmation, and Cancel keeps the pet', async () => {
    const api = mockApi({
      'GET /pets/pet-1': () => ({ data: pet }),
      'GET /pets/pet-1/analyses': () => ({ data: [] }),
      'DELETE /pets/pet-1': () => ({ data: { id: 'pet-1', deleted: true, analyses_deleted: 0 } }),
      'GET /pets': () => ({ data: [] }),
    })
    const user = userEvent.setup()
    renderPet()

    await user.click(await screen.findByRole('button', { name: 'Delete' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Rex?' })
    expect(dialog).toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(api.count('DELETE', '/pets/pet-1')).toBe(0)

    await user.click(screen.getByRole('button', { name: 'Delete' }))
    await user.click(screen.getByRole('button', { name: 'Delete pet' }))

    expect(await screen.findByRole('heading', { name: 'My pets' })).toBeInTheDocument()
    expect(api.count('DELETE', '/pets/pet-1')).toBe(1)
  })

  it('says plainly when the pet does not exist', async () => {
    mockApi({
      'GET /pets/pet-1': () => ({ status: 404, error: { code: 'PET_NOT_FOUND', message: 'Pet not found.' } }),
      'GET /pets/pet-1/analyses': () => ({ status: 404, error: { code: 'PET_NOT_FOUND', message: 'Pet not found.' } }),
    })
    renderPet()

    expect(await screen.findByRole('heading', { name: 'Pet not found' })).toBeInTheDocument()
  })
})

import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analysis } from '../api'
import { mockApi } from '../test/api'
import { renderWithProviders } from '../test/render'
import { mockXhrUpload } from '../test/xhr'
import AnalyzePage from './AnalyzePage'

const degradedAnalysis: Analysis = {
  analysis_id: 'a1',
  breed: 'Labrador Retriever',
  species: 'dog',
  confidence: 0.42,
  is_mixed: true,
  parent_breeds: ['Labrador Retriever', 'Golden Retriever'],
  traits: { size: 'large', energy_level: 'high', temperament: ['friendly', 'outgoing'] },
  health_info: {
    summary: 'Labradors are prone to joint problems.',
    common_conditions: ['Hip dysplasia', 'Obesity'],
    sources: [{ document_id: 'd1', title: 'Labrador guide', source: 'labrador.md', document_type: 'breed_guide', chunk_index: 0, score: 0.8, excerpt: 'Hip dysplasia is common.' }],
  },
  recommendations: [
    { product: { id: 'p1', name: 'Joint Support Chews', brand: 'Vetwell', category: 'health', description: '', price: 24.5, image_url: null, suitable_for: {} }, score: 0.91, explanation: 'Supports hips in large breeds.' },
  ],
  degraded: ['vision_llm'],
  candidates: [
    { breed: 'Labrador Retriever', species: 'dog', probability: 0.42 },
    { breed: 'Golden Retriever', species: 'dog', probability: 0.31 },
  ],
  image_url: '/uploads/analyses/abc.jpg',
}

beforeEach(() => {
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:preview', revokeObjectURL: () => {} }))
})

afterEach(() => {
  vi.unstubAllGlobals()
})

function photo(name = 'rex.jpg', type = 'image/jpeg', size = 1024) {
  const file = new File(['x'], name, { type })
  Object.defineProperty(file, 'size', { value: size })
  return file
}

describe('AnalyzePage', () => {
  it('shows a degraded result plainly and saves the manually chosen breed', async () => {
    const api = mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /pets': ({ body }) => ({ status: 201, data: { id: 'pet-1', ...(body as object) } }),
      'PATCH /pets/pet-1': ({ body }) => ({ data: { id: 'pet-1', name: 'Rex', ...(body as object) } }),
    })
    const uploads = mockXhrUpload(() => ({ data: degradedAnalysis }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />, { route: '/analyze' })

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))

    const card = await screen.findByTestId('breed-card')
    expect(within(card).getByRole('heading', { name: 'Labrador Retriever' })).toBeInTheDocument()
    expect(within(card).getByRole('meter', { name: 'Confidence' })).toHaveAttribute('aria-valuenow', '42')
    expect(card).toHaveTextContent('Labrador Retriever × Golden Retriever')
    expect(screen.getByText('The AI vision model is offline; this result comes from our on-device classifier.')).toBeInTheDocument()
    expect(screen.getByTestId('health-panel')).toHaveTextContent('Hip dysplasia')
    expect(within(screen.getByTestId('source-list')).getAllByTestId('source-item')).toHaveLength(1)
    expect(screen.getAllByTestId('recommendation-item')[0]).toHaveTextContent('Joint Support Chews')
    expect(uploads[0].url).toBe('/api/v1/pets/analyze')
    expect(uploads[0].form.get('image')).toBeInstanceOf(File)

    const breedSelect = screen.getByLabelText('Breed')
    expect(within(breedSelect).getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Labrador Retriever (42%)',
      'Golden Retriever (31%)',
      'Another breed (type it)',
    ])
    await user.selectOptions(breedSelect, 'Another breed (type it)')
    await user.type(screen.getByLabelText('Breed name'), 'Flat-Coated Retriever')
    await user.type(screen.getByLabelText('Pet name'), 'Rex')
    await user.click(screen.getByRole('button', { name: 'Save as my pet' }))

    expect(await screen.findByText(/Rex is saved to your pets/)).toBeInTheDocument()
    const saved = api.calls.find((call) => call.method === 'POST' && call.path === '/pets')
    expect(saved?.body).toEqual({ name: 'Rex', species: 'dog', breed: 'Flat-Coated Retriever', breed_confidence: null, image_url: '/uploads/analyses/abc.jpg' })
    // The analysis goes to the new pet's history, and the owner's breed still wins over the detected one.
    expect(uploads.map((upload) => upload.form.get('pet_id'))).toEqual([null, 'pet-1'])
    expect(api.calls.find((call) => call.method === 'PATCH')?.body).toEqual({ breed: 'Flat-Coated Retriever', breed_confidence: null })
  })

  it('saving a new pet puts this analysis in its history before offering to view it', async () => {
    const api = mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /pets': ({ body }) => ({ status: 201, data: { id: 'pet-2', ...(body as object) } }),
    })
    const uploads = mockXhrUpload(() => ({ data: { ...degradedAnalysis, degraded: [] } }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />)

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))
    await user.type(await screen.findByLabelText('Pet name'), 'Rex')
    await user.click(screen.getByRole('button', { name: 'Save as my pet' }))

    expect(await screen.findByText(/Rex is saved to your pets/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'View pet' })).toHaveAttribute('href', '/pets/pet-2')
    expect(uploads).toHaveLength(2)
    expect(uploads[1].url).toBe('/api/v1/pets/analyze')
    expect(uploads[1].form.get('pet_id')).toBe('pet-2')
    expect(api.count('PATCH', '/pets/pet-2')).toBe(0)
  })

  it('says so when the new pet is saved but the analysis could not join its history', async () => {
    mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /pets': ({ body }) => ({ status: 201, data: { id: 'pet-3', ...(body as object) } }),
    })
    mockXhrUpload((_url, form) => ({ data: { ...degradedAnalysis, degraded: form.get('pet_id') ? ['history_save'] : [] } }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />)

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))
    await user.type(await screen.findByLabelText('Pet name'), 'Rex')
    await user.click(screen.getByRole('button', { name: 'Save as my pet' }))

    expect(await screen.findByText(/could not be added to their history/)).toBeInTheDocument()
  })

  it('does not offer manual selection when the vision model answered', async () => {
    mockApi({ 'GET /pets': () => ({ data: [] }) })
    mockXhrUpload(() => ({ data: { ...degradedAnalysis, degraded: [] } }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />)

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))

    await screen.findByTestId('breed-card')
    expect(screen.queryByTestId('degraded-notice')).not.toBeInTheDocument()
    expect(screen.queryByTestId('manual-breed')).not.toBeInTheDocument()
  })

  it('adds the photo to an existing pet by re-sending it with pet_id', async () => {
    mockApi({ 'GET /pets': () => ({ data: [{ id: 'pet-9', name: 'Bella', species: 'dog', breed: null, breed_confidence: null, age: null, weight: null, health_conditions: [], image_url: null, created_at: '', updated_at: '' }] }) })
    const uploads = mockXhrUpload(() => ({ data: { ...degradedAnalysis, degraded: [] } }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />)

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))
    await screen.findByTestId('breed-card')
    await user.selectOptions(await screen.findByLabelText('Add to an existing pet'), 'Bella')
    await user.click(screen.getByRole('button', { name: 'Add to this pet' }))

    expect(await screen.findByText(/Added to Bella's history/)).toBeInTheDocument()
    expect(uploads).toHaveLength(2)
    expect(uploads[1].form.get('pet_id')).toBe('pet-9')
  })

  it('rejects a file that is too large before uploading it', async () => {
    const uploads = mockXhrUpload(() => ({ data: degradedAnalysis }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />)

    await user.upload(screen.getByTestId('upload-input'), photo('huge.png', 'image/png', 10 * 1024 * 1024 + 1))

    expect(screen.getByRole('alert')).toHaveTextContent('larger than 10 MB')
    expect(screen.getByRole('button', { name: 'Analyze photo' })).toBeDisabled()
    expect(uploads).toHaveLength(0)
  })

  it('rejects a file type other than JPEG, PNG or WebP', async () => {
    const user = userEvent.setup({ applyAccept: false })
    renderWithProviders(<AnalyzePage />)

    await user.upload(screen.getByTestId('upload-input'), photo('pet.gif', 'image/gif'))

    expect(screen.getByRole('alert')).toHaveTextContent('JPEG, PNG or WebP')
  })

  it('explains NO_PET_DETECTED in plain words', async () => {
    mockXhrUpload(() => ({ status: 422, error: { code: 'NO_PET_DETECTED', message: 'No pet.' } }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />)

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))

    expect(await screen.findByText(/could not find a dog or cat/)).toBeInTheDocument()
  })
})

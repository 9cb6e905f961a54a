import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Analysis } from '../api'
import { mockApi } from '../test/api'
import { makeAnalysis } from '../test/fixtures'
import { renderWithProviders } from '../test/render'
import { mockXhrUpload } from '../test/xhr'
import AnalyzePage from './AnalyzePage'

const degradedAnalysis: Analysis = makeAnalysis({
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
    { breed: 'Labrador Retriever', species: 'dog', probability: 0.42, imagenet_class: 208 },
    { breed: 'Golden Retriever', species: 'dog', probability: 0.31, imagenet_class: 207 },
  ],
  image_url: '/uploads/analyses/abc.jpg',
})

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
  it('shows a degraded result plainly, with its health sources and products', async () => {
    mockApi({ 'GET /pets': () => ({ data: [] }) })
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
  })

  it('moves focus to the result heading once the analysis is in', async () => {
    mockApi({ 'GET /pets': () => ({ data: [] }) })
    mockXhrUpload(() => ({ data: degradedAnalysis }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />, { route: '/analyze' })

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))

    const heading = await screen.findByRole('heading', { name: 'Labrador Retriever' })
    await vi.waitFor(() => expect(heading).toHaveFocus())
  })

  it('leads an unconfident result with "We\'re not sure", labels species-level advice, and a pick updates it in place', async () => {
    const unsure: Analysis = {
      ...degradedAnalysis,
      degraded: [],
      is_mixed: false,
      is_confident: false,
      advice_scope: 'species',
      breed: 'Samoyed',
      confidence: 0.34,
      alternatives: [{ breed: 'American Eskimo Dog', confidence: 0.3 }, { breed: 'Japanese Spitz', confidence: 0.12 }],
      health_info: { summary: 'Dogs in general need yearly checks.', common_conditions: [], sources: [] },
    }
    const picked: Analysis = {
      ...unsure,
      is_confident: true,
      advice_scope: 'breed',
      breed: 'American Eskimo Dog',
      breed_source: 'user',
      health_info: { summary: 'Eskies can get progressive retinal atrophy.', common_conditions: ['Progressive retinal atrophy'], sources: [] },
      recommendations: [{ product: { id: 'p9', name: 'Deshedding Brush', brand: 'Groomwell', category: 'grooming', description: '', price: 19, image_url: null, suitable_for: { species: ['dog'] } }, score: 0.8, explanation: 'For a thick double coat.' }],
    }
    const api = mockApi({ 'GET /pets': () => ({ data: [] }), 'POST /analyses/a1/breed': () => ({ data: picked }) })
    mockXhrUpload(() => ({ data: unsure }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />, { route: '/analyze' })

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))

    const card = await screen.findByTestId('breed-card')
    expect(within(card).getByRole('heading', { level: 2 })).toHaveTextContent("We're not sure")
    expect(within(screen.getByTestId('uncertain-breed')).getAllByTestId('alternative').map((button) => button.textContent)).toEqual(['Samoyed (34%)', 'American Eskimo Dog (30%)', 'Japanese Spitz (12%)'])
    expect(screen.getByTestId('species-level')).toHaveTextContent('General advice for dogs')
    expect(screen.getByRole('heading', { name: 'General picks for dogs' })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'American Eskimo Dog (30%)' }))

    expect(await within(card).findByRole('heading', { name: 'American Eskimo Dog' })).toBeInTheDocument()
    expect(api.calls.find((call) => call.path === '/analyses/a1/breed')?.body).toEqual({ breed: 'American Eskimo Dog' })
    expect(screen.getByTestId('health-panel')).toHaveTextContent('Progressive retinal atrophy')
    expect(screen.queryByTestId('species-level')).not.toBeInTheDocument()
    expect(screen.getByTestId('recommendation-item')).toHaveTextContent('Deshedding Brush')
    expect(screen.getByTestId('product-image')).toHaveAttribute('src', '/illustrations/grooming-dog.svg')
  })

  it('offers every catalog breed in a searchable picker', async () => {
    const api = mockApi({
      'GET /pets': () => ({ data: [] }),
      'GET /breeds?species=dog': () => ({ data: [{ name: 'Beagle', species: 'dog' }, { name: 'Bearded Collie', species: 'dog' }, { name: 'Akita', species: 'dog' }] }),
      'POST /analyses/a1/breed': () => ({ data: { ...degradedAnalysis, breed: 'Bearded Collie', breed_source: 'user' } }),
    })
    mockXhrUpload(() => ({ data: degradedAnalysis }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />, { route: '/analyze' })

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))
    await user.click(await screen.findByRole('button', { name: 'Not right? Choose the breed' }))
    await user.type(screen.getByLabelText('Choose the breed'), 'bea')

    const results = await screen.findByRole('list', { name: 'Matching breeds' })
    expect(within(results).getAllByRole('button').map((button) => button.textContent)).toEqual(['Beagle', 'Bearded Collie'])
    await user.click(within(results).getByRole('button', { name: 'Bearded Collie' }))
    expect(await screen.findByRole('heading', { name: 'Bearded Collie' })).toBeInTheDocument()
    expect(api.count('POST', '/analyses/a1/breed')).toBe(1)
  })

  it('saves the shown analysis as a new pet once, even on a double click', async () => {
    let resolveSave: (value: { status: number; data: unknown }) => void = () => {}
    const api = mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /analyses/a1/save': () => new Promise((resolve) => { resolveSave = resolve }),
    })
    const uploads = mockXhrUpload(() => ({ data: degradedAnalysis }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />, { route: '/analyze' })

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))
    await user.type(await screen.findByLabelText('Pet name'), 'Rex')
    await user.dblClick(screen.getByRole('button', { name: 'Save as my pet' }))
    resolveSave({ status: 201, data: { id: 'pet-2', name: 'Rex' } })

    expect(await screen.findByText(/Rex is saved to your pets/)).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'View pet' })).toHaveAttribute('href', '/pets/pet-2')
    expect(api.count('POST', '/analyses/a1/save')).toBe(1)
    expect(api.calls.find((call) => call.path === '/analyses/a1/save')?.body).toEqual({ name: 'Rex' })
    expect(uploads).toHaveLength(1)
  })

  it('adds the shown analysis to an existing pet without re-uploading', async () => {
    const api = mockApi({
      'GET /pets': () => ({ data: [{ id: 'pet-9', name: 'Bella', species: 'dog', breed: null, breed_confidence: null, age: null, weight: null, health_conditions: [], image_url: null, created_at: '', updated_at: '' }] }),
      'POST /analyses/a1/save': () => ({ data: { id: 'pet-9', name: 'Bella' } }),
    })
    const uploads = mockXhrUpload(() => ({ data: degradedAnalysis }))
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />, { route: '/analyze' })

    await user.upload(screen.getByTestId('upload-input'), photo())
    await user.click(screen.getByRole('button', { name: 'Analyze photo' }))
    await user.selectOptions(await screen.findByLabelText('Add to an existing pet'), 'pet-9')
    await user.click(screen.getByRole('button', { name: 'Add to this pet' }))

    expect(await screen.findByText(/Added to Bella's history/)).toBeInTheDocument()
    expect(api.calls.find((call) => call.path === '/analyses/a1/save')?.body).toEqual({ pet_id: 'pet-9' })
    expect(uploads).toHaveLength(1)
  })

  it('opens the file picker from the drop zone with Enter and with Space', async () => {
    const user = userEvent.setup()
    renderWithProviders(<AnalyzePage />)
    const input = screen.getByTestId('upload-input') as HTMLInputElement
    const click = vi.spyOn(input, 'click')
    screen.getByTestId('dropzone').focus()
    await user.keyboard('{Enter}')
    await user.keyboard(' ')
    expect(click).toHaveBeenCalledTimes(2)
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

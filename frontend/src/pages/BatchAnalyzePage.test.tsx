import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockApi, testUser } from '../test/api'
import { renderWithProviders } from '../test/render'
import { mockXhrUpload } from '../test/xhr'
import BatchAnalyzePage from './BatchAnalyzePage'

afterEach(() => {
  vi.unstubAllGlobals()
})

const analysis = { analysis_id: 'a-1', breed: 'Beagle', confidence: 0.91 }
const job = (done: number, results: unknown[], state = 'running') => ({
  job_id: 'job-1', kind: 'batch_analysis', state, progress: { done, total: 3 }, results, error: null,
  created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
})

describe('BatchAnalyzePage', () => {
  it('lists each photo as its result arrives, shows a refused one, and saves one as a pet', async () => {
    const polls = [job(1, [{ index: 0, analysis }, null, null]), job(3, [{ index: 0, analysis }, { index: 1, error: { code: 'INVALID_IMAGE', message: 'The image is corrupt.' } }, { index: 2, analysis: { ...analysis, analysis_id: 'a-3', breed: 'Poodle' } }], 'succeeded')]
    const api = mockApi({
      'GET /auth/me': () => ({ data: { user: testUser } }),
      'GET /jobs/job-1': () => ({ data: polls.length > 1 ? polls.shift() : polls[0] }),
      'POST /analyses/a-1/save': () => ({ status: 201, data: { id: 'pet-1', name: 'rex' } }),
    })
    const uploads = mockXhrUpload(() => ({ status: 202, data: { job_id: 'job-1' } }))
    renderWithProviders(<BatchAnalyzePage />)
    const photos = ['rex.png', 'broken.png', 'fifi.png'].map((name) => new File(['x'], name, { type: 'image/png' }))

    await userEvent.upload(screen.getByLabelText(/choose jpeg, png or webp photos/i), photos)
    await userEvent.click(screen.getByRole('button', { name: /analyze 3 photos/i }))

    const list = await screen.findByTestId('batch-results')
    await waitFor(() => expect(within(list).getByText(/Poodle/)).toBeInTheDocument(), { timeout: 4000 })
    expect(uploads[0].form.getAll('images')).toHaveLength(3)
    expect(within(list).getByText(/Beagle \(91 %\)/)).toBeInTheDocument()
    expect(within(list).getByRole('alert')).toHaveTextContent('The image is corrupt.')
    expect(screen.getByRole('progressbar', { name: /3 of 3 photos analysed/i })).toBeInTheDocument()

    await userEvent.click(within(list).getByRole('button', { name: /save rex.png as a new pet/i }))
    await waitFor(() => expect(api.count('POST', '/analyses/a-1/save')).toBe(1))
    expect(api.calls.find((call) => call.path === '/analyses/a-1/save')?.body).toEqual({ name: 'rex' })
    expect(await within(list).findByText('Saved')).toBeInTheDocument()
  })
})

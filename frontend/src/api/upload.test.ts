import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockApi } from '../test/api'
import { mockXhrUpload } from '../test/xhr'
import { apiUpload } from './client'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('apiUpload', () => {
  it('reports upload progress and returns the envelope data', async () => {
    mockXhrUpload(() => ({ status: 201, data: { document_id: 'd1', chunk_count: 3 } }))
    const progress: number[] = []

    const result = await apiUpload('/api/v1/rag/ingest', { file: new Blob(['# Beagles']), document_type: 'breed_guide' }, { onProgress: (value) => progress.push(value) })

    expect(result).toEqual({ document_id: 'd1', chunk_count: 3 })
    expect(progress).toEqual([0, 0.5, 1])
  })

  it('sends the contract form fields and leaves out the empty ones', async () => {
    const sent = mockXhrUpload(() => ({ status: 202, data: { job_id: 'j1' } }))
    const file = new Blob(['# Beagles'])

    await apiUpload('/api/v1/rag/ingest', { file, document_type: 'care', title: undefined })

    expect(sent[0].url).toBe('/api/v1/rag/ingest')
    expect([...sent[0].form.keys()]).toEqual(['file', 'document_type'])
    expect(sent[0].form.get('document_type')).toBe('care')
  })

  it('refreshes the session once on a 401 and sends the upload again', async () => {
    let attempts = 0
    const sent = mockXhrUpload(() => {
      attempts += 1
      return attempts === 1 ? { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } } : { data: { breed: 'Beagle' } }
    })
    const mock = mockApi({ 'POST /auth/refresh': () => ({ data: { user: {} } }) })

    await expect(apiUpload('/api/v1/pets/analyze', { image: new Blob(['png']) })).resolves.toEqual({ breed: 'Beagle' })
    expect(sent).toHaveLength(2)
    expect(mock.count('POST', '/auth/refresh')).toBe(1)
  })

  it('rejects with the error envelope as an ApiError', async () => {
    mockXhrUpload(() => ({ status: 413, error: { code: 'IMAGE_TOO_LARGE', message: 'Too large.' } }))

    await expect(apiUpload('/api/v1/pets/analyze', { image: new Blob(['png']) })).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', status: 413 })
  })
})

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

    const result = await apiUpload('/rag/ingest', new FormData(), { onProgress: (value) => progress.push(value) })

    expect(result).toEqual({ document_id: 'd1', chunk_count: 3 })
    expect(progress).toEqual([0, 0.5, 1])
  })

  it('refreshes the session once on a 401 and sends the upload again', async () => {
    let attempts = 0
    const sent = mockXhrUpload(() => {
      attempts += 1
      return attempts === 1 ? { status: 401, error: { code: 'TOKEN_EXPIRED', message: 'expired' } } : { data: { breed: 'Beagle' } }
    })
    const api = mockApi({ 'POST /auth/refresh': () => ({ data: { user: {} } }) })

    await expect(apiUpload('/pets/analyze', new FormData())).resolves.toEqual({ breed: 'Beagle' })
    expect(sent).toHaveLength(2)
    expect(api.count('POST', '/auth/refresh')).toBe(1)
  })

  it('rejects with the error envelope as an ApiError', async () => {
    mockXhrUpload(() => ({ status: 413, error: { code: 'IMAGE_TOO_LARGE', message: 'Too large.' } }))

    await expect(apiUpload('/pets/analyze', new FormData())).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE', status: 413 })
  })
})

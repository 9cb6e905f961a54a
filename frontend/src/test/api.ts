import { vi } from 'vitest'

export interface MockReply {
  status?: number
  data?: unknown
  error?: { code: string; message: string; details?: Record<string, unknown> }
}

export type Handler = (request: { method: string; path: string; body: unknown }) => MockReply | Promise<MockReply>

export function envelopeResponse({ status = 200, data = null, error }: MockReply): Response {
  const body = error
    ? { success: false, data: null, error: { details: {}, ...error }, timestamp: '2026-01-13T10:30:00Z' }
    : { success: true, data, error: null, timestamp: '2026-01-13T10:30:00Z' }
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

/** Replaces fetch: `routes` maps "METHOD /path" (without /api/v1) to a handler; unknown routes answer 404. */
export function mockApi(routes: Record<string, Handler>) {
  const calls: { method: string; path: string; body: unknown }[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    // The typed client sends a Request; `fetch(url, init)` callers are understood too.
    const sent = input instanceof Request ? input : new Request(new URL(String(input), window.location.origin), init)
    const url = new URL(sent.url)
    const method = sent.method.toUpperCase()
    const path = (url.pathname + url.search).replace(/^\/api\/v1/, '')
    const text = sent.body === null ? '' : await sent.clone().text()
    const body = sent.headers.get('Content-Type')?.includes('application/json') && text ? (JSON.parse(text) as unknown) : text || null
    const request = { method, path, body }
    calls.push(request)
    const handler = routes[`${method} ${path}`]
    if (!handler) return envelopeResponse({ status: 404, error: { code: 'NOT_FOUND', message: `No mock for ${method} ${path}` } })
    return envelopeResponse(await handler(request))
  })
  vi.stubGlobal('fetch', fetchMock)
  return { fetchMock, calls, count: (method: string, path: string) => calls.filter((call) => call.method === method && call.path === path).length }
}

export const testUser = { id: '7d9f1c9e-2b7a-4f57-9a51-1f6f5d1f0a01', email: 'ada@example.com', name: 'Ada Lovelace', role: 'user' as const, created_at: '2026-01-01T00:00:00Z' }
export const adminUser = { ...testUser, role: 'admin' as const }

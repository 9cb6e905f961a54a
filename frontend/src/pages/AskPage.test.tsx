import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mockApi } from '../test/api'
import { renderWithProviders } from '../test/render'
import AskPage from './AskPage'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('AskPage', () => {
  it('sends the question with the breed and shows the answer with numbered sources', async () => {
    const api = mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /rag/query': () => ({
        data: {
          answer: 'Beagles need about an hour of exercise a day [1].',
          sources: [
            { document_id: 'd1', title: 'Beagle guide', source: 'beagle.md', document_type: 'breed_guide', chunk_index: 2, score: 0.9, excerpt: 'An hour a day.' },
            { document_id: 'd2', title: 'Exercise basics', source: 'exercise.md', document_type: 'care', chunk_index: 0, score: 0.7, excerpt: 'Walks help.' },
          ],
        },
      }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AskPage />)

    await user.type(screen.getByLabelText('Breed (optional)'), 'Beagle')
    await user.type(screen.getByLabelText('Your question'), 'How much exercise?')
    await user.click(screen.getByRole('button', { name: 'Ask' }))

    const answer = await screen.findByTestId('answer')
    expect(answer).toHaveTextContent('Beagles need about an hour')
    const sources = within(answer).getAllByTestId('source-item')
    expect(sources.map((item) => item.textContent)).toEqual([expect.stringMatching(/^1Beagle guide/), expect.stringMatching(/^2Exercise basics/)])
    expect(api.calls.find((call) => call.path === '/rag/query')?.body).toEqual({ question: 'How much exercise?', breed: 'Beagle' })
  })

  it('asks for a question instead of sending an empty one', async () => {
    const api = mockApi({ 'GET /pets': () => ({ data: [] }) })
    const user = userEvent.setup()
    renderWithProviders(<AskPage />)

    await user.click(screen.getByRole('button', { name: 'Ask' }))

    expect(screen.getByText('Type a question first.')).toBeInTheDocument()
    expect(api.count('POST', '/rag/query')).toBe(0)
  })
})

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

  it('links each [n] marker to its source card and opens the source with the cited passage highlighted', async () => {
    mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /rag/query': () => ({
        data: {
          answer: 'Brush weekly [1]. Fibre helps [2].',
          answered: true,
          sources: [
            { document_id: 'd1', title: 'Grooming guide', source: 'groom.md', document_type: 'care', chunk_index: 0, score: 0.9, excerpt: 'Brush your cat weekly.' },
            { document_id: 'd2', title: 'Hairball care', source: 'hairballs.md', document_type: 'care', chunk_index: 1, score: 0.8, excerpt: 'A hairball formula food with extra fibre helps them pass.' },
          ],
        },
      }),
      'GET /rag/documents/d2': () => ({ data: { document_id: 'd2', title: 'Hairball care', document_type: 'care', source: 'hairballs.md', text: 'Regular brushing reduces hairballs in cats. A hairball formula food with extra fibre helps them pass.\nSee a vet if vomiting persists.' } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AskPage />)

    await user.type(screen.getByLabelText('Your question'), 'Hairballs?')
    await user.click(screen.getByRole('button', { name: 'Ask' }))

    const answer = await screen.findByTestId('answer')
    const markers = within(answer).getAllByTestId('citation')
    expect(markers.map((marker) => marker.getAttribute('href'))).toEqual([expect.stringMatching(/-source-1$/), expect.stringMatching(/-source-2$/)])
    await user.click(markers[1])
    expect(within(answer).getAllByTestId('source-item')[1]).toHaveFocus()

    await user.click(within(answer).getByRole('button', { name: 'Open source 2: Hairball care' }))
    const viewer = await screen.findByRole('dialog', { name: 'Hairball care' })
    const cited = await within(viewer).findAllByTestId('cited-sentence')
    expect(cited.map((mark) => mark.textContent?.trim())).toEqual(['A hairball formula food with extra fibre helps them pass.'])
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
  })

  it('shows an abstained answer as such, without sources', async () => {
    mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /rag/query': () => ({ data: { answer: 'Our knowledge base has nothing on that. Ask your vet.', answered: false, sources: [] } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AskPage />)

    await user.type(screen.getByLabelText('Your question'), 'Can my parrot eat grapes?')
    await user.click(screen.getByRole('button', { name: 'Ask' }))

    const answer = await screen.findByTestId('answer')
    expect(within(answer).getByTestId('abstained')).toHaveTextContent('Not in our knowledge base')
    expect(within(answer).queryByTestId('source-item')).not.toBeInTheDocument()
  })

  it('says when the answer was written by the fallback writer', async () => {
    mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /rag/query': () => ({
        data: {
          answer: 'From the knowledge base: Brush weekly. [1]',
          answered: true,
          degraded: ['rag_llm'],
          sources: [{ document_id: 'd1', title: 'Grooming guide', source: 'groom.md', document_type: 'care', chunk_index: 0, score: 0.9, excerpt: 'Brush weekly.' }],
        },
      }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AskPage />)

    await user.type(screen.getByLabelText('Your question'), 'How often should I brush my cat?')
    await user.click(screen.getByRole('button', { name: 'Ask' }))

    const answer = await screen.findByTestId('answer')
    expect(within(answer).getByTestId('fallback-writer')).toHaveTextContent('quoted directly from our guides')
  })

  it('does not mention the fallback writer when the AI model wrote the answer', async () => {
    mockApi({
      'GET /pets': () => ({ data: [] }),
      'POST /rag/query': () => ({ data: { answer: 'Brush weekly [1].', answered: true, degraded: [], sources: [{ document_id: 'd1', title: 'Grooming guide', source: 'groom.md', document_type: 'care', chunk_index: 0, score: 0.9, excerpt: 'Brush weekly.' }] } }),
    })
    const user = userEvent.setup()
    renderWithProviders(<AskPage />)

    await user.type(screen.getByLabelText('Your question'), 'Brushing?')
    await user.click(screen.getByRole('button', { name: 'Ask' }))

    expect(within(await screen.findByTestId('answer')).queryByTestId('fallback-writer')).not.toBeInTheDocument()
  })

  it('keeps the conversation keyboard-reachable', () => {
    mockApi({ 'GET /pets': () => ({ data: [] }) })
    renderWithProviders(<AskPage />)
    expect(screen.getByRole('log', { name: 'Conversation' })).toHaveAttribute('tabindex', '0')
  })
})

import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { mockApi } from '../../test/api'
import { renderWithProviders } from '../../test/render'
import { isCited } from '../../lib/citedSentences'
import { SourceViewer } from './SourceViewer'

const GUIDE = {
  document_id: 'd1',
  title: 'When to see a vet urgently',
  document_type: 'health_info',
  source: 'emergency-signs.md',
  organisations: ['AVMA, pet first aid and emergency guidance', 'RSPCA, pet first aid'],
  text: '# When to see a vet urgently\n\n## Poisoning\nKeep medicines out of reach. If you suspect poisoning, contact a vet immediately, even if your pet seems well. Bring the packaging.\n\n- **Chocolate** is toxic to dogs.\n- Grapes can cause kidney failure.',
}

describe('SourceViewer', () => {
  it('renders the guide as Markdown under its title and stated sources, not its file name', async () => {
    mockApi({ 'GET /rag/documents/d1': () => ({ data: GUIDE }) })
    renderWithProviders(<SourceViewer documentId="d1" onClose={() => {}} />)

    const viewer = await screen.findByRole('dialog', { name: 'When to see a vet urgently' }, { timeout: 5000 })
    expect(await within(viewer).findByRole('heading', { name: 'Poisoning' })).toBeInTheDocument()
    expect(within(viewer).getByTestId('document-text')).not.toHaveTextContent('#')
    expect(within(viewer).getByText('Chocolate').tagName).toBe('STRONG')
    expect(within(viewer).getByTestId('source-organisations')).toHaveTextContent('AVMA, pet first aid and emergency guidance; RSPCA, pet first aid')
    expect(viewer).not.toHaveTextContent('emergency-signs.md')
  })

  it('highlights every cited sentence whole, even from a cut-off excerpt', async () => {
    mockApi({ 'GET /rag/documents/d1': () => ({ data: GUIDE }) })
    renderWithProviders(
      <SourceViewer documentId="d1" excerpt="If you suspect poisoning, contact a vet immediately, even if your pet seems well. Bring the pack…" onClose={() => {}} />,
    )

    const marks = await screen.findAllByTestId('cited-sentence', {}, { timeout: 5000 })
    expect(marks.map((mark) => mark.textContent?.trim())).toEqual([
      'If you suspect poisoning, contact a vet immediately, even if your pet seems well.',
      'Bring the packaging.',
    ])
  })

  it('keeps keyboard focus inside while open', async () => {
    mockApi({ 'GET /rag/documents/d1': () => ({ data: GUIDE }) })
    const user = userEvent.setup()
    renderWithProviders(
      <>
        <button type="button">Opener</button>
        <SourceViewer documentId="d1" onClose={() => {}} />
      </>,
    )
    const viewer = await screen.findByRole('dialog')
    await within(viewer).findByTestId('source-organisations', {}, { timeout: 5000 })
    const close = within(viewer).getByRole('button', { name: 'Close' })
    expect(close).toHaveFocus()

    await user.tab()
    expect(within(viewer).getByRole('region', { name: 'Document text' })).toHaveFocus()
    await user.tab()
    expect(close).toHaveFocus()
    await user.tab({ shift: true })
    expect(within(viewer).getByRole('region', { name: 'Document text' })).toHaveFocus()
    expect(screen.getByRole('button', { name: 'Opener' })).not.toHaveFocus()
  })

  it('matches sentences, not stray words', () => {
    expect(isCited('Keep medicines out of reach.', 'contact a vet. Bring the pack…')).toBe(false)
    expect(isCited('Grapes can cause kidney failure.', 'Grapes can cause kidney failure.')).toBe(true)
  })
})

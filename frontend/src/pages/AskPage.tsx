import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { errorMessage, type Source } from '../api'
import { AnswerText } from '../components/Ask/AnswerText'
import { SourceList } from '../components/Ask/SourceList'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { PageHeader } from '../components/ui/Card'
import { Spinner } from '../components/ui/Spinner'
import { useAskQuestion } from '../hooks/useKnowledgeBase'
import { usePets } from '../hooks/usePets'
import { Icon } from '../components/ui/Icon'
import { clearDraft, loadDraft, saveDraft } from '../lib/drafts'

interface Message {
  id: number
  role: 'user' | 'assistant'
  text: string
  sources?: Source[]
  answered?: boolean
  /** The answer was written by the fallback writer (sentences quoted from the guides), not the AI model. */
  fallback?: boolean
}

const DRAFT = 'ask'

const EXAMPLES = ['How much exercise does a Border Collie need?', 'What are signs of hip dysplasia?', 'How often should I groom a Persian cat?']

export default function AskPage() {
  const questionId = useId()
  const breedId = useId()
  const ask = useAskQuestion()
  const pets = usePets()
  const [messages, setMessages] = useState<Message[]>([])
  const [question, setQuestionState] = useState(() => loadDraft<{ question: string }>(DRAFT)?.question ?? '')
  const [breed, setBreed] = useState('')
  const setQuestion = (value: string) => {
    setQuestionState(value)
    if (value) saveDraft(DRAFT, { question: value })
    else clearDraft(DRAFT)
  }
  const [inputError, setInputError] = useState<string | null>(null)
  const endRef = useRef<HTMLDivElement>(null)
  const breeds = [...new Set((pets.data ?? []).map((pet) => pet.breed).filter((value): value is string => Boolean(value)))]

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' })
  }, [messages.length])

  const send = (text: string) => {
    const trimmed = text.trim()
    if (!trimmed) {
      setInputError('Type a question first.')
      return
    }
    if (trimmed.length > 1000) {
      setInputError('Keep your question under 1000 characters.')
      return
    }
    setInputError(null)
    setMessages((current) => [...current, { id: Date.now(), role: 'user', text: trimmed }])
    setQuestion('')
    ask.mutate(
      { question: trimmed, ...(breed ? { breed } : {}) },
      {
        onSuccess: (answer) =>
          setMessages((current) => [
            ...current,
            {
              id: Date.now() + 1,
              role: 'assistant',
              text: answer.answer,
              sources: answer.sources,
              answered: answer.answered !== false,
              fallback: answer.answered !== false && (answer.degraded ?? []).includes('rag_llm'),
            },
          ]),
      },
    )
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    send(question)
  }

  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="Ask about pet health" description="Answers come from our veterinary knowledge base, with the sources they rely on." />
      <div className="rounded-2xl bg-white shadow-sm ring-1 ring-slate-200">
        {/* A scrollable region must be reachable by keyboard to be scrolled. */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <div role="log" aria-label="Conversation" aria-live="polite" tabIndex={0} className="max-h-[60vh] min-h-64 space-y-4 overflow-y-auto p-4 focus-visible:outline-2 focus-visible:outline-teal-700 sm:p-5">
          {messages.length === 0 && (
            <div className="py-6 text-center">
              <span className="mx-auto grid h-14 w-14 place-items-center rounded-2xl bg-teal-50 text-teal-700"><Icon name="chat" className="h-8 w-8" /></span>
              <p className="mt-2 font-semibold text-slate-900">Ask anything about your pet's health and care</p>
              <div className="mt-4 flex flex-wrap justify-center gap-2">
                {EXAMPLES.map((example) => (
                  <button key={example} type="button" onClick={() => send(example)} className="rounded-full bg-teal-50 px-3 py-1.5 text-sm text-teal-900 ring-1 ring-teal-200 hover:bg-teal-100">{example}</button>
                ))}
              </div>
            </div>
          )}
          {messages.map((message) => (
            <div key={message.id} className={message.role === 'user' ? 'flex justify-end' : 'flex justify-start'}>
              <div data-testid={message.role === 'assistant' ? 'answer' : 'question'} data-answered={message.role === 'assistant' ? String(message.answered) : undefined} className={`min-w-0 max-w-[92%] break-words rounded-2xl px-4 py-3 text-sm leading-relaxed sm:max-w-[85%] ${message.role === 'user' ? 'bg-teal-700 text-white' : message.answered === false ? 'bg-amber-50 text-slate-900 ring-1 ring-amber-200' : 'bg-slate-100 text-slate-900'}`}>
                {message.role === 'assistant' && message.answered === false && (
                  <p data-testid="abstained" className="mb-1 text-xs font-semibold uppercase tracking-wide text-amber-900">Not in our knowledge base</p>
                )}
                {message.role === 'assistant' ? (
                  <AnswerText text={message.text} sourceCount={message.sources?.length ?? 0} anchorPrefix={`answer-${message.id}-source`} />
                ) : (
                  <p className="whitespace-pre-line">{message.text}</p>
                )}
                {message.fallback && (
                  <p data-testid="fallback-writer" className="mt-2 text-xs text-slate-600">
                    Our AI writer is offline, so this answer is quoted directly from our guides by the fallback writer.
                  </p>
                )}
                {message.sources && <SourceList sources={message.sources} anchorPrefix={`answer-${message.id}-source`} />}
              </div>
            </div>
          ))}
          {ask.isPending && <div className="text-teal-800"><Spinner size="sm" label="Looking it up…" /></div>}
          {ask.isError && <Alert title="No answer this time">{errorMessage(ask.error)}</Alert>}
          <div ref={endRef} />
        </div>
        <form onSubmit={onSubmit} className="space-y-3 border-t border-slate-200 p-4" aria-label="Ask a question">
          <div className="flex flex-col gap-3 sm:flex-row">
            <div className="flex-1">
              <label htmlFor={questionId} className="sr-only">Your question</label>
              <input id={questionId} value={question} onChange={(event) => setQuestion(event.target.value)} placeholder="Ask a question…" aria-invalid={inputError ? true : undefined} aria-describedby={`${questionId}-error`} className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm" />
            </div>
            <div className="sm:w-48">
              <label htmlFor={breedId} className="sr-only">Breed (optional)</label>
              <input id={breedId} list={`${breedId}-list`} value={breed} maxLength={120} onChange={(event) => setBreed(event.target.value)} placeholder="Breed (optional)" className="block w-full rounded-lg border-0 px-3 py-2 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-teal-700 sm:text-sm" />
              <datalist id={`${breedId}-list`}>{breeds.map((value) => <option key={value} value={value} />)}</datalist>
            </div>
            <Button type="submit" loading={ask.isPending}>Ask</Button>
          </div>
          <p id={`${questionId}-error`} aria-live="polite" className="text-xs font-medium text-rose-700">{inputError}</p>
        </form>
      </div>
    </div>
  )
}

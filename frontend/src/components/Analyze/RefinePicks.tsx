import { useState } from 'react'
import type { Analysis } from '../../api'
import { useAnsweredPicks, type PetSize, type PicksQuestion } from '../../hooks/useAnalyses'
import { isSpeciesLevel, speciesNoun } from '../../lib/advice'
import { pairRecommendations } from '../../lib/recommendations'
import { Alert } from '../ui/Alert'
import { Spinner } from '../ui/Spinner'
import { RecommendationsCarousel } from './RecommendationsCarousel'

const SIZES: { value: PetSize; label: string }[] = [
  { value: 'small', label: 'Small' },
  { value: 'medium', label: 'Medium' },
  { value: 'large', label: 'Large' },
  { value: 'giant', label: 'Giant' },
]
const AGES = { dog: [['Puppy', 6], ['Adult', 36], ['Senior', 120]], cat: [['Kitten', 6], ['Adult', 36], ['Senior', 144]] } as const

const chip = (active: boolean) =>
  `rounded-full px-3 py-1 text-sm ring-1 ${active ? 'bg-teal-700 text-white ring-teal-700' : 'bg-white text-slate-800 ring-slate-300 hover:bg-teal-50'}`

/**
 * Product picks of an analysis, honest about what is not known: products made for one size (or one life
 * stage) are only shown once the owner says the size (or age), one tap each, instead of mixing them.
 */
export function RefinePicks({ analysis }: { analysis: Analysis }) {
  const species: 'dog' | 'cat' = analysis.species === 'cat' ? 'cat' : 'dog'
  const speciesLevel = isSpeciesLevel(analysis)
  const knownSize = (analysis.advice_size as PetSize | null | undefined) ?? (speciesLevel ? null : ((analysis.traits?.size as PetSize | undefined) ?? null))
  const [size, setSize] = useState<PetSize | null>(null)
  const [age, setAge] = useState<number | null>(null)
  const answered = size !== null || age !== null
  const question: PicksQuestion | null = answered
    ? { species, breed: speciesLevel || analysis.breed === 'Mixed breed' ? null : analysis.breed, size: size ?? knownSize, age }
    : null
  const picks = useAnsweredPicks(question && (question.breed || question.size) ? question : null)
  const noun = speciesNoun(analysis.species)
  const items = picks.data ? (pairRecommendations(picks.data) ?? []) : analysis.recommendations
  const title = speciesLevel && !(size ?? knownSize) ? `General picks for ${noun}` : 'Recommended for your pet'
  return (
    <div className="space-y-3">
      <div data-testid="refine-picks" className="rounded-2xl bg-white p-4 text-sm ring-1 ring-slate-200">
        <p className="font-medium text-slate-900">Products made for one size or age are shown once we know it.</p>
        {!knownSize && (
          <div className="mt-2 flex flex-wrap items-center gap-2" role="group" aria-label={`Your ${species}'s size`}>
            <span className="text-slate-700">Size:</span>
            {SIZES.map((option) => (
              <button key={option.value} type="button" aria-pressed={size === option.value} className={chip(size === option.value)} onClick={() => setSize(option.value)}>{option.label}</button>
            ))}
          </div>
        )}
        <div className="mt-2 flex flex-wrap items-center gap-2" role="group" aria-label={`Your ${species}'s age`}>
          <span className="text-slate-700">Age:</span>
          {AGES[species].map(([label, months]) => (
            <button key={label} type="button" aria-pressed={age === months} className={chip(age === months)} onClick={() => setAge(months)}>{label}</button>
          ))}
        </div>
      </div>
      {picks.isFetching && <Spinner size="sm" label="Finding products…" />}
      {picks.isError && <Alert>Product picks are unavailable right now.</Alert>}
      <RecommendationsCarousel items={items} title={title} />
    </div>
  )
}

import { useEffect, useMemo, useRef, useState } from 'react'
import { errorMessage, type Analysis } from '../api'
import { BreedCard } from '../components/Analyze/BreedCard'
import { BreedPicker } from '../components/Analyze/BreedPicker'
import { DegradedNotice } from '../components/Analyze/DegradedNotice'
import { HealthPanel } from '../components/Analyze/HealthPanel'
import { ImageDropzone } from '../components/Analyze/ImageDropzone'
import { RecommendationsCarousel } from '../components/Analyze/RecommendationsCarousel'
import { SaveToPet } from '../components/Analyze/SaveToPet'
import { UncertainBreed } from '../components/Analyze/UncertainBreed'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { Icon } from '../components/ui/Icon'
import { ProgressBar } from '../components/ui/ProgressBar'
import { useAnalyzePhoto } from '../hooks/useAnalyze'
import { useChooseBreed } from '../hooks/useAnalysisActions'
import { isSpeciesLevel, speciesNoun } from '../lib/advice'

const FRIENDLY: Record<string, string> = {
  NO_PET_DETECTED: 'We could not find a dog or cat in this photo. Try a clearer photo where your pet fills most of the frame.',
  INVALID_IMAGE: 'This file is not a photo we can read. Please choose a JPEG, PNG or WebP image.',
  IMAGE_TOO_LARGE: 'That photo is larger than 10 MB. Please choose a smaller one.',
  VISION_UNAVAILABLE: 'Breed recognition is unavailable right now. Please try again in a few minutes.',
  QUOTA_EXCEEDED: 'You have reached your photo storage limit. Delete a pet or an old photo first.',
  UNKNOWN_BREED: 'That breed is not in our catalog. Please choose one from the list.',
}

export default function AnalyzePage() {
  const [file, setFile] = useState<File | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [analysis, setAnalysis] = useState<Analysis | null>(null)
  const analyze = useAnalyzePhoto()
  const chooseBreed = useChooseBreed()
  const resultRef = useRef<HTMLDivElement>(null)
  const resultHeadingRef = useRef<HTMLHeadingElement>(null)
  const previewUrl = useMemo(() => (file ? URL.createObjectURL(file) : null), [file])

  useEffect(() => () => {
    if (previewUrl) URL.revokeObjectURL(previewUrl)
  }, [previewUrl])

  // A new result (or a corrected breed) is scrolled into view and its heading takes focus, instead of
  // leaving the user at the top with the result below the fold.
  useEffect(() => {
    if (!analysis) return
    resultRef.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' })
    resultHeadingRef.current?.focus({ preventScroll: true })
  }, [analysis])

  const choose = (next: File) => {
    setFileError(null)
    setAnalysis(null)
    analyze.reset()
    chooseBreed.reset()
    setFile(next)
  }

  const run = () => {
    if (!file) return
    analyze.mutate({ image: file, petId: null }, { onSuccess: (result) => setAnalysis(result) })
  }

  const pickBreed = (breed: string) => {
    if (!analysis?.analysis_id) return
    chooseBreed.mutate({ analysisId: analysis.analysis_id, breed }, { onSuccess: (updated) => setAnalysis(updated) })
  }

  const apiError = analyze.error
  const errorText = apiError ? (FRIENDLY[apiError.code] ?? errorMessage(apiError)) : null
  const pickError = chooseBreed.error ? (FRIENDLY[chooseBreed.error.code] ?? errorMessage(chooseBreed.error)) : null
  const speciesLevel = analysis && isSpeciesLevel(analysis) ? speciesNoun(analysis.species) : undefined

  return (
    <div>
      <PageHeader title="Analyze a photo" description="Find out your pet's breed, what to watch for health-wise, and what products suit it." />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="min-w-0 space-y-4">
          <ImageDropzone previewUrl={previewUrl} disabled={analyze.isPending} onSelect={choose} onReject={(message) => setFileError(message)} />
          <div aria-live="assertive">{fileError && <Alert>{fileError}</Alert>}</div>
          {file && (
            <p className="truncate text-sm text-slate-700">Selected: <span className="font-medium text-slate-900">{file.name}</span></p>
          )}
          {analyze.progress !== null && <ProgressBar value={analyze.progress} label={analyze.progress < 1 ? 'Uploading photo' : 'Analyzing'} />}
          <Button className="w-full" onClick={run} disabled={!file} loading={analyze.isPending}>
            {analyze.isPending ? 'Analyzing…' : 'Analyze photo'}
          </Button>
          {errorText && <Alert title="We could not analyze this photo">{errorText}</Alert>}
        </div>
        <div ref={resultRef} className="min-w-0 scroll-mt-20 space-y-6" data-testid="analysis-result">
          {!analysis && !analyze.isPending && (
            <Card className="text-center">
              <span className="mx-auto grid h-14 w-14 place-items-center rounded-2xl bg-teal-50 text-teal-800"><Icon name="paw" className="h-8 w-8" /></span>
              <h2 className="mt-2 text-lg font-semibold text-slate-900">Your results will appear here</h2>
              <p className="mt-1 text-sm text-slate-700">Use a well-lit photo where your pet's face and body are visible.</p>
            </Card>
          )}
          {analyze.isPending && (
            <Card aria-busy="true" className="animate-pulse">
              <div className="h-5 w-1/3 rounded bg-slate-200" />
              <div className="mt-3 h-8 w-2/3 rounded bg-slate-200" />
              <div className="mt-4 h-3 w-full rounded bg-slate-200" />
              <p className="sr-only">Analyzing your photo…</p>
            </Card>
          )}
          {analysis && (
            <>
              <DegradedNotice names={analysis.degraded} />
              <BreedCard analysis={analysis} headingRef={resultHeadingRef}>
                {analysis.is_confident === false && <UncertainBreed analysis={analysis} onChoose={pickBreed} busy={chooseBreed.isPending} />}
                <div className="mt-4 space-y-2">
                  {analysis.analysis_id && <BreedPicker key={analysis.breed} analysis={analysis} onChoose={pickBreed} busy={chooseBreed.isPending} />}
                  <div aria-live="polite" className="empty:hidden">
                    {chooseBreed.isPending && <p className="text-sm text-slate-700">Updating the result for {chooseBreed.variables?.breed}…</p>}
                    {pickError && <Alert>{pickError}</Alert>}
                  </div>
                </div>
              </BreedCard>
              <HealthPanel health={analysis.health_info} breed={analysis.breed} speciesLevel={speciesLevel} />
              <RecommendationsCarousel items={analysis.recommendations} title={speciesLevel ? `General picks for ${speciesLevel}` : 'Recommended for your pet'} />
              <SaveToPet key={analysis.analysis_id ?? 'unsaved'} analysis={analysis} />
            </>
          )}
        </div>
      </div>
    </div>
  )
}

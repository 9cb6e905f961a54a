import { useEffect, useMemo, useRef, useState } from 'react'
import { useSearchParams } from 'react-router'
import { errorMessage, type Analysis } from '../api'
import { BreedCard } from '../components/Analyze/BreedCard'
import { BreedPicker } from '../components/Analyze/BreedPicker'
import { DegradedNotice } from '../components/Analyze/DegradedNotice'
import { HealthPanel } from '../components/Analyze/HealthPanel'
import { ImageDropzone } from '../components/Analyze/ImageDropzone'
import { RefinePicks } from '../components/Analyze/RefinePicks'
import { SaveToPet } from '../components/Analyze/SaveToPet'
import { UncertainBreed } from '../components/Analyze/UncertainBreed'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { Icon } from '../components/ui/Icon'
import { ProgressBar } from '../components/ui/ProgressBar'
import { useAnalyzePhoto } from '../hooks/useAnalyze'
import { useAnalysis, useChooseBreed, type PetSize } from '../hooks/useAnalyses'
import { isSpeciesLevel, speciesNoun } from '../lib/advice'

const FRIENDLY: Record<string, string> = {
  NO_PET_DETECTED: 'We could not find a dog or cat in this photo. Try a clearer photo where your pet fills most of the frame, or tell us what your pet is.',
  INVALID_IMAGE: 'This file is not a photo we can read. Please choose a JPEG, PNG or WebP image.',
  IMAGE_TOO_LARGE: 'That photo is larger than 10 MB. Please choose a smaller one.',
  VISION_UNAVAILABLE: 'Breed recognition is unavailable right now. Please try again in a few minutes.',
  QUOTA_EXCEEDED: 'You have reached your photo storage limit. Delete a pet or an old photo first.',
  UNKNOWN_BREED: 'That breed is not in our catalog. Please choose one from the list.',
}

export default function AnalyzePage() {
  const [file, setFile] = useState<File | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [fresh, setAnalysis] = useState<Analysis | null>(null)
  const [breedUnknown, setBreedUnknown] = useState(false)
  const [searchParams] = useSearchParams()
  const openedId = searchParams.get('analysis')
  const opened = useAnalysis(openedId)
  const analyze = useAnalyzePhoto()
  const chooseBreed = useChooseBreed()

  // Opened from "Recent identifications": the stored analysis, with its current breed (until a new photo).
  const analysis = fresh ?? (file ? null : (opened.data ?? null))
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
    setBreedUnknown(false)
    analyze.reset()
    chooseBreed.reset()
    setFile(next)
  }

  const run = (species: 'dog' | 'cat' | null = null) => {
    if (!file) return
    setBreedUnknown(false)
    analyze.mutate({ image: file, petId: null, species }, { onSuccess: (result) => setAnalysis(result) })
  }

  const pickBreed = (breed: string, size?: PetSize | null) => {
    if (!analysis?.analysis_id) return
    setBreedUnknown(false)
    chooseBreed.mutate({ analysisId: analysis.analysis_id, breed, size }, { onSuccess: (updated) => setAnalysis(updated) })
  }

  const apiError = analyze.error
  const noPet = apiError?.code === 'NO_PET_DETECTED' && file !== null
  const cropHint = noPet && apiError?.details?.crop_hint === true
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
          <Button className="w-full" onClick={() => run()} disabled={!file} loading={analyze.isPending}>
            {analyze.isPending ? 'Analyzing…' : 'Analyze photo'}
          </Button>
          {errorText && <Alert title="We could not analyze this photo">{errorText}</Alert>}
          {noPet && (
            <div data-testid="no-pet-recovery" className="space-y-2 rounded-2xl bg-white p-4 ring-1 ring-slate-200">
              {cropHint && <p className="text-sm text-slate-700" data-testid="crop-hint">We saw part of a pet, or several animals. Cropping the photo to one animal usually helps.</p>}
              <p className="text-sm font-medium text-slate-900">Or tell us what your pet is, and choose the breed next:</p>
              <div className="flex gap-2">
                <Button variant="secondary" onClick={() => run('dog')} disabled={analyze.isPending}>It is a dog</Button>
                <Button variant="secondary" onClick={() => run('cat')} disabled={analyze.isPending}>It is a cat</Button>
              </div>
            </div>
          )}
        </div>
        <div ref={resultRef} className="min-w-0 scroll-mt-20 space-y-6" data-testid="analysis-result">
          {!analysis && !analyze.isPending && !opened.isFetching && (
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
                  {analysis.analysis_id && (
                    <BreedPicker
                      key={analysis.breed}
                      analysis={analysis}
                      onChoose={pickBreed}
                      onUnknown={() => setBreedUnknown(true)}
                      busy={chooseBreed.isPending}
                      defaultOpen={analysis.species_source === 'user' && analysis.is_confident === false && !breedUnknown}
                    />
                  )}
                  {breedUnknown && <p className="text-sm text-slate-700" data-testid="breed-unknown-note">No problem: the advice below stays about {speciesNoun(analysis.species)} in general. You can choose the breed later.</p>}
                  <div aria-live="polite" className="empty:hidden">
                    {chooseBreed.isPending && <p className="text-sm text-slate-700">Updating the result for {chooseBreed.variables?.breed}…</p>}
                    {pickError && <Alert>{pickError}</Alert>}
                  </div>
                </div>
              </BreedCard>
              <HealthPanel health={analysis.health_info} breed={analysis.breed} speciesLevel={speciesLevel} />
              <RefinePicks key={`${analysis.analysis_id}-${analysis.breed}`} analysis={analysis} />
              <SaveToPet key={analysis.analysis_id ?? 'unsaved'} analysis={analysis} />
            </>
          )}
        </div>
      </div>
    </div>
  )
}

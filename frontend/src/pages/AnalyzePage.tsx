import { useEffect, useState } from 'react'
import { errorMessage, type Analysis } from '../api'
import { BreedCard } from '../components/Analyze/BreedCard'
import { DegradedNotice } from '../components/Analyze/DegradedNotice'
import { HealthPanel } from '../components/Analyze/HealthPanel'
import { ImageDropzone } from '../components/Analyze/ImageDropzone'
import { ManualBreedSelect } from '../components/Analyze/ManualBreedSelect'
import { RecommendationsCarousel } from '../components/Analyze/RecommendationsCarousel'
import { SaveToPet } from '../components/Analyze/SaveToPet'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { ProgressBar } from '../components/ui/ProgressBar'
import { useAnalyzePhoto } from '../hooks/useAnalyze'
import { visionDegraded } from '../lib/degraded'
import { Icon } from '../components/ui/Icon'

const FRIENDLY: Record<string, string> = {
  NO_PET_DETECTED: 'We could not find a dog or cat in this photo. Try a clearer photo where your pet fills most of the frame.',
  INVALID_IMAGE: 'This file is not a photo we can read. Please choose a JPEG, PNG or WebP image.',
  IMAGE_TOO_LARGE: 'That photo is larger than 10 MB. Please choose a smaller one.',
  VISION_UNAVAILABLE: 'Breed recognition is unavailable right now. Please try again in a few minutes.',
}

export default function AnalyzePage() {
  const [file, setFile] = useState<File | null>(null)
  const [previewUrl, setPreviewUrl] = useState<string | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [analysis, setAnalysis] = useState<Analysis | null>(null)
  const [breed, setBreed] = useState('')
  const analyze = useAnalyzePhoto()
  const attach = useAnalyzePhoto()

  useEffect(() => {
    if (!file) return
    const url = URL.createObjectURL(file)
    setPreviewUrl(url)
    return () => URL.revokeObjectURL(url)
  }, [file])

  const choose = (next: File) => {
    setFileError(null)
    setAnalysis(null)
    analyze.reset()
    setFile(next)
  }

  const run = () => {
    if (!file) return
    analyze.mutate(
      { image: file, petId: null },
      {
        onSuccess: (result) => {
          setAnalysis(result)
          setBreed(result.breed)
        },
      },
    )
  }

  const apiError = analyze.error
  const errorText = apiError ? (FRIENDLY[apiError.code] ?? errorMessage(apiError)) : null

  return (
    <div>
      <PageHeader title="Analyze a photo" description="Find out your pet's breed, what to watch for health-wise, and what products suit it." />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className="space-y-4">
          <ImageDropzone previewUrl={previewUrl} disabled={analyze.isPending} onSelect={choose} onReject={(message) => setFileError(message)} />
          <div aria-live="assertive">{fileError && <Alert>{fileError}</Alert>}</div>
          {file && (
            <p className="truncate text-sm text-slate-600">Selected: <span className="font-medium text-slate-800">{file.name}</span></p>
          )}
          {analyze.progress !== null && <ProgressBar value={analyze.progress} label={analyze.progress < 1 ? 'Uploading photo' : 'Analyzing'} />}
          <Button className="w-full" onClick={run} disabled={!file} loading={analyze.isPending}>
            {analyze.isPending ? 'Analyzing…' : 'Analyze photo'}
          </Button>
          {errorText && <Alert title="We could not analyze this photo">{errorText}</Alert>}
        </div>
        <div className="min-w-0 space-y-6">
          {!analysis && !analyze.isPending && (
            <Card className="text-center">
              <span className="mx-auto grid h-14 w-14 place-items-center rounded-2xl bg-teal-50 text-teal-700"><Icon name="paw" className="h-8 w-8" /></span>
              <h2 className="mt-2 text-lg font-semibold text-slate-900">Your results will appear here</h2>
              <p className="mt-1 text-sm text-slate-600">Use a well-lit photo where your pet's face and body are visible.</p>
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
              <BreedCard analysis={analysis} />
              {visionDegraded(analysis.degraded) && (
                <Card><ManualBreedSelect analysis={analysis} value={breed} onChange={setBreed} /></Card>
              )}
              <HealthPanel health={analysis.health_info} breed={analysis.breed} />
              <RecommendationsCarousel items={analysis.recommendations} />
              <SaveToPet
                analysis={analysis}
                breed={breed}
                attaching={attach.isPending}
                onAttach={(petId) => (file ? attach.mutateAsync({ image: file, petId }) : Promise.resolve(undefined))}
              />
            </>
          )}
        </div>
      </div>
    </div>
  )
}

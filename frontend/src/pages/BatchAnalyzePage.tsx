import { useId, useState } from 'react'
import { errorMessage } from '../api'
import { BatchResultList } from '../components/Batch/BatchResultList'
import { Alert } from '../components/ui/Alert'
import { Button } from '../components/ui/Button'
import { Card, PageHeader } from '../components/ui/Card'
import { ProgressBar } from '../components/ui/ProgressBar'
import { useSaveAnalysis } from '../hooks/useAnalysisActions'
import { MAX_BATCH_PHOTOS, batchItems, isFinished, useCancelJob, useJob, useStartBatch } from '../hooks/useJobs'

/** Many photos at once (shelters, breeders): a background job analyses them; results appear as they finish. */
export default function BatchAnalyzePage() {
  const inputId = useId()
  const [files, setFiles] = useState<File[]>([])
  const [jobId, setJobId] = useState<string | null>(null)
  const [saved, setSaved] = useState<Set<string>>(new Set())
  const start = useStartBatch()
  const job = useJob(jobId)
  const cancel = useCancelJob()
  const save = useSaveAnalysis()
  const names = files.map((file) => file.name)
  const tooMany = files.length > MAX_BATCH_PHOTOS
  const progress = job.data?.progress

  const onSave = (analysisId: string, name: string) =>
    save.mutate(
      { analysisId, body: { name: name.replace(/\.[^.]+$/, '').slice(0, 100) || 'New pet' } },
      { onSuccess: () => setSaved((current) => new Set(current).add(analysisId)) },
    )

  return (
    <div className="space-y-6">
      <PageHeader title="Analyze many photos" description={`Up to ${MAX_BATCH_PHOTOS} photos in one go; each result can be saved as a pet.`} />
      <Card aria-labelledby="batch-upload-title">
        <h2 id="batch-upload-title" className="mb-4 text-lg font-semibold text-slate-900">Photos</h2>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault()
            setSaved(new Set())
            start.mutate(files, { onSuccess: (accepted) => setJobId(accepted.job_id) })
          }}
        >
          <div>
            <label htmlFor={inputId} className="block text-sm font-medium text-slate-900">Choose JPEG, PNG or WebP photos</label>
            <input id={inputId} type="file" multiple accept="image/jpeg,image/png,image/webp" className="mt-1 block text-sm" onChange={(event) => { setFiles(Array.from(event.target.files ?? [])); setJobId(null) }} />
          </div>
          {tooMany && <Alert>At most {MAX_BATCH_PHOTOS} photos per batch; you chose {files.length}.</Alert>}
          {start.isError && <Alert title="The batch was not started">{errorMessage(start.error)}</Alert>}
          <Button type="submit" disabled={files.length === 0 || tooMany || (jobId !== null && !isFinished(job.data))} loading={start.isPending}>
            Analyze {files.length || ''} photo{files.length === 1 ? '' : 's'}
          </Button>
        </form>
      </Card>
      {jobId && (
        <Card aria-labelledby="batch-progress-title">
          <div className="mb-4 flex items-center justify-between gap-3">
            <h2 id="batch-progress-title" className="text-lg font-semibold text-slate-900">Results</h2>
            {job.data && !isFinished(job.data) && (
              <Button variant="secondary" loading={cancel.isPending} onClick={() => cancel.mutate(jobId)}>Cancel</Button>
            )}
          </div>
          {progress && <ProgressBar value={progress.total ? progress.done / progress.total : 0} label={`${progress.done} of ${progress.total} photos analysed`} />}
          {job.data?.state === 'cancelled' && <Alert tone="info">The batch was cancelled; its analyses were removed.</Alert>}
          {job.data?.state === 'failed' && <Alert title="The batch stopped">{job.data.error ?? 'Unknown error'}</Alert>}
          {job.isError && <Alert title="Progress could not be read">{errorMessage(job.error)}</Alert>}
          {save.isError && <Alert title="The pet was not saved">{errorMessage(save.error)}</Alert>}
          <div className="mt-4">
            <BatchResultList names={names} items={batchItems(job.data, files.length)} onSave={onSave} savedIds={saved} />
          </div>
        </Card>
      )}
    </div>
  )
}

import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { Controller, useForm } from 'react-hook-form'
import { z } from 'zod'
import { errorMessage } from '../../api'
import { useIngestDocument } from '../../hooks/useKnowledgeBase'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { SelectInput, TextInput } from '../ui/FormField'
import { ProgressBar } from '../ui/ProgressBar'

const EXTENSIONS = ['.pdf', '.md', '.txt', '.docx', '.html', '.htm']
const MAX_BYTES = 20 * 1024 * 1024

const uploadSchema = z.object({
  file: z
    .instanceof(File, { message: 'Choose a file to upload.' })
    .refine((file) => EXTENSIONS.some((ext) => file.name.toLowerCase().endsWith(ext)), 'Use a PDF, Markdown, text, DOCX or HTML file.')
    .refine((file) => file.size > 0, 'That file is empty.')
    .refine((file) => file.size <= MAX_BYTES, 'That file is larger than 20 MB.'),
  document_type: z.enum(['breed_guide', 'health_info', 'nutrition', 'care'], { message: 'Choose a document type.' }),
  title: z.string().trim().max(200, 'Use at most 200 characters.'),
})
type UploadValues = z.infer<typeof uploadSchema>

export function DocumentUploadForm() {
  const ingest = useIngestDocument()
  const [result, setResult] = useState<string | null>(null)
  const [fileKey, setFileKey] = useState(0)
  const { register, control, handleSubmit, reset, formState: { errors } } = useForm<UploadValues>({
    resolver: zodResolver(uploadSchema),
    defaultValues: { document_type: 'breed_guide', title: '' },
  })

  const submit = handleSubmit((values) => {
    setResult(null)
    ingest.mutate(
      { file: values.file, documentType: values.document_type, title: values.title || undefined },
      {
        onSuccess: () => {
          setResult(`“${values.title || values.file.name}” was accepted: it is being indexed (progress in the list below).`)
          reset({ document_type: values.document_type, title: '' })
          setFileKey((key) => key + 1)
        },
      },
    )
  })

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="Upload a document">
      <div aria-live="polite">
        {result && <Alert tone="success">{result}</Alert>}
        {ingest.isError && <Alert title="Upload failed">{ingest.error.code === 'DOCUMENT_EXISTS' ? 'This document is already in the knowledge base.' : errorMessage(ingest.error)}</Alert>}
      </div>
      <Controller
        control={control}
        name="file"
        render={({ field }) => (
          <TextInput
            key={fileKey}
            label="Document file"
            type="file"
            data-testid="document-upload-input"
            accept={EXTENSIONS.join(',')}
            hint="PDF, Markdown, text, DOCX or HTML."
            error={errors.file?.message}
            name={field.name}
            ref={field.ref}
            onBlur={field.onBlur}
            onChange={(event) => field.onChange(event.target.files?.[0])}
            className="file:mr-3 file:rounded-md file:border-0 file:bg-teal-50 file:px-3 file:py-1 file:text-sm file:font-semibold file:text-teal-800"
          />
        )}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectInput label="Document type" error={errors.document_type?.message} {...register('document_type')}>
          <option value="breed_guide">Breed guide</option>
          <option value="health_info">Health info</option>
          <option value="nutrition">Nutrition</option>
          <option value="care">Care</option>
        </SelectInput>
        <TextInput label="Title (optional)" error={errors.title?.message} {...register('title')} />
      </div>
      {ingest.progress !== null && <ProgressBar value={ingest.progress} label={ingest.progress < 1 ? 'Uploading document' : 'Indexing'} />}
      <div className="flex justify-end"><Button type="submit" loading={ingest.isPending}>Upload</Button></div>
    </form>
  )
}

import { useId, useRef, useState, type DragEvent } from 'react'
import { IMAGE_TYPES, imageFileProblem } from '../../lib/imageFile'
import { Icon } from '../ui/Icon'

interface ImageDropzoneProps {
  previewUrl: string | null
  disabled?: boolean
  onSelect: (file: File) => void
  onReject: (message: string) => void
}

/** Drag a photo in or pick one; only JPEG/PNG/WebP up to 10 MiB are passed on. */
export function ImageDropzone({ previewUrl, disabled = false, onSelect, onReject }: ImageDropzoneProps) {
  const inputId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)

  const accept = (file: File | undefined) => {
    if (!file) return
    const problem = imageFileProblem(file)
    if (problem) onReject(problem)
    else onSelect(file)
  }

  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault()
    setDragging(false)
    if (!disabled) accept(event.dataTransfer.files[0])
  }

  return (
    <label
      htmlFor={inputId}
      data-testid="dropzone"
      onDragOver={(event) => {
        event.preventDefault()
        if (!disabled) setDragging(true)
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      className={`relative flex min-h-64 cursor-pointer flex-col items-center justify-center overflow-hidden rounded-2xl border-2 border-dashed p-6 text-center transition focus-within:ring-2 focus-within:ring-teal-700 ${dragging ? 'border-teal-500 bg-teal-50' : 'border-slate-300 bg-white hover:border-teal-400'} ${disabled ? 'cursor-not-allowed opacity-70' : ''}`}
    >
      {previewUrl ? (
        <img src={previewUrl} alt="Selected pet photo" className="max-h-80 rounded-xl object-contain" />
      ) : (
        <>
          <span className="grid h-16 w-16 place-items-center rounded-2xl bg-teal-50 text-teal-700"><Icon name="camera" className="h-9 w-9" /></span>
          <span className="mt-3 text-base font-semibold text-slate-900">Drop a photo of your pet here</span>
          <span className="mt-1 text-sm text-slate-600">or <span className="font-semibold text-teal-700 underline">choose a file</span> — JPEG, PNG or WebP, up to 10 MB</span>
        </>
      )}
      <span className="sr-only">Pet photo</span>
      <input
        ref={inputRef}
        id={inputId}
        data-testid="upload-input"
        type="file"
        accept={IMAGE_TYPES.join(',')}
        disabled={disabled}
        className="sr-only"
        onChange={(event) => {
          accept(event.target.files?.[0])
          event.target.value = ''
        }}
      />
    </label>
  )
}

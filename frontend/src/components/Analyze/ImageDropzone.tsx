import { useRef, useState, type DragEvent, type KeyboardEvent } from 'react'
import { IMAGE_TYPES, imageFileProblem } from '../../lib/imageFile'
import { Icon } from '../ui/Icon'

interface ImageDropzoneProps {
  previewUrl: string | null
  disabled?: boolean
  onSelect: (file: File) => void
  onReject: (message: string) => void
}

/** Drag a photo in or pick one (click, Enter or Space); only JPEG/PNG/WebP up to 10 MiB are passed on. */
export function ImageDropzone({ previewUrl, disabled = false, onSelect, onReject }: ImageDropzoneProps) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)

  const accept = (file: File | undefined) => {
    if (!file) return
    const problem = imageFileProblem(file)
    if (problem) onReject(problem)
    else onSelect(file)
  }
  const openPicker = () => {
    if (!disabled) inputRef.current?.click()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault()
      openPicker()
    }
  }
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault()
    setDragging(false)
    if (!disabled) accept(event.dataTransfer.files[0])
  }

  // The file input sits beside the button, not inside it (no nested interactive controls).
  return (
    <div>
      <div
        role="button"
        tabIndex={disabled ? -1 : 0}
        aria-disabled={disabled || undefined}
        data-testid="dropzone"
        onClick={openPicker}
        onKeyDown={onKeyDown}
        onDragOver={(event) => {
          event.preventDefault()
          if (!disabled) setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={`relative flex min-h-64 cursor-pointer flex-col items-center justify-center overflow-hidden rounded-2xl border-2 border-dashed p-6 text-center transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-teal-700 ${dragging ? 'border-teal-600 bg-teal-50' : 'border-slate-300 bg-white hover:border-teal-500'} ${disabled ? 'cursor-not-allowed opacity-70' : ''}`}
      >
        {previewUrl ? (
          <>
            <img src={previewUrl} alt="" className="max-h-80 max-w-full rounded-xl object-contain" />
            <span className="sr-only">Photo selected. Choose another photo</span>
          </>
        ) : (
          <>
            <span className="grid h-16 w-16 place-items-center rounded-2xl bg-teal-50 text-teal-800"><Icon name="camera" className="h-9 w-9" /></span>
            <span className="mt-3 text-base font-semibold text-slate-900">Drop a photo of your pet here</span>
            <span className="mt-1 text-sm text-slate-700">or <span className="font-semibold text-teal-800 underline">choose a file</span>: JPEG, PNG or WebP, up to 10 MB</span>
          </>
        )}
      </div>
      <input
        ref={inputRef}
        data-testid="upload-input"
        type="file"
        tabIndex={-1}
        aria-hidden="true"
        accept={IMAGE_TYPES.join(',')}
        disabled={disabled}
        className="sr-only"
        onChange={(event) => {
          accept(event.target.files?.[0])
          event.target.value = ''
        }}
      />
    </div>
  )
}

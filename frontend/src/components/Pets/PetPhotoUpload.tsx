import { useId, useRef, useState } from 'react'
import { errorMessage, type Pet } from '../../api'
import { useUploadPetPhoto } from '../../hooks/usePets'
import { IMAGE_TYPES, imageFileProblem } from '../../lib/imageFile'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { ProgressBar } from '../ui/ProgressBar'

const FRIENDLY: Record<string, string> = {
  NO_PET_DETECTED: 'We could not find a dog or cat in this photo. Try one where your pet fills most of the frame.',
  INVALID_IMAGE: 'This file is not a photo we can read. Please choose a JPEG, PNG or WebP image.',
  IMAGE_TOO_LARGE: 'That photo is larger than 10 MB. Please choose a smaller one.',
  QUOTA_EXCEEDED: 'You have reached your photo storage limit. Delete a pet or an old photo first.',
}

/** "Upload a photo" for a pet: the same rules as an analysis (JPEG/PNG/WebP, 10 MB, a pet in the picture). */
export function PetPhotoUpload({ pet }: { pet: Pet }) {
  const inputId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  const upload = useUploadPetPhoto(pet)
  const [problem, setProblem] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const error = upload.error ? (FRIENDLY[upload.error.code] ?? errorMessage(upload.error)) : null
  return (
    <div className="space-y-2">
      <input
        ref={inputRef}
        id={inputId}
        data-testid="pet-photo-input"
        type="file"
        accept={IMAGE_TYPES.join(',')}
        className="sr-only"
        tabIndex={-1}
        aria-label={`Photo of ${pet.name}`}
        onChange={(event) => {
          const file = event.target.files?.[0]
          event.target.value = ''
          if (!file) return
          const reason = imageFileProblem(file)
          setProblem(reason)
          setDone(false)
          if (!reason) upload.mutate(file, { onSuccess: () => setDone(true) })
        }}
      />
      <Button variant="secondary" onClick={() => inputRef.current?.click()} loading={upload.isPending}>
        {pet.image_url ? 'Change photo' : 'Upload a photo'}
      </Button>
      {upload.progress !== null && <ProgressBar value={upload.progress} label={upload.progress < 1 ? 'Uploading photo' : 'Checking the photo'} />}
      <div aria-live="polite" className="empty:hidden">
        {(problem || error) && <Alert>{problem ?? error}</Alert>}
        {done && !upload.isPending && <Alert tone="success">The new photo of {pet.name} is saved.</Alert>}
      </div>
    </div>
  )
}

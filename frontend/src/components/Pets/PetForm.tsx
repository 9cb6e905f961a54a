import { zodResolver } from '@hookform/resolvers/zod'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { z } from 'zod'
import type { Pet, PetInput } from '../../api'
import { applyServerErrors } from '../../lib/forms'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { SelectInput, TextInput } from '../ui/FormField'

const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess((value) => (value === '' || value === null || value === undefined ? undefined : Number(value)), schema.optional())

export const petSchema = z.object({
  name: z.string().trim().min(1, 'Give your pet a name.').max(100, 'Use at most 100 characters.'),
  species: z.enum(['dog', 'cat', 'other'], { message: 'Choose a species.' }),
  breed: z.string().trim().max(100, 'Use at most 100 characters.'),
  age: optionalNumber(z.number({ message: 'Enter the age in months.' }).int('Use whole months.').min(0, 'Age cannot be negative.').max(600, 'Use at most 600 months.')),
  weight: optionalNumber(z.number({ message: 'Enter the weight in kg.' }).gt(0, 'Weight must be more than 0 kg.').max(200, 'Use at most 200 kg.')),
  health_conditions: z.string().max(1000, 'Keep it under 1000 characters.'),
})
export type PetFormInput = z.input<typeof petSchema>
export type PetFormValues = z.output<typeof petSchema>
const FIELDS = ['name', 'species', 'breed', 'age', 'weight', 'health_conditions'] as const

export function toPetInput(values: PetFormValues): PetInput {
  return {
    name: values.name,
    species: values.species,
    breed: values.breed || null,
    age: values.age ?? null,
    weight: values.weight ?? null,
    health_conditions: values.health_conditions.split(',').map((item) => item.trim()).filter(Boolean),
  }
}

interface PetFormProps {
  pet?: Pet
  submitLabel: string
  onSubmit: (input: PetInput) => Promise<unknown>
  onCancel?: () => void
}

export function PetForm({ pet, submitLabel, onSubmit, onCancel }: PetFormProps) {
  const [formError, setFormError] = useState<string | null>(null)
  const { register, handleSubmit, setError, formState: { errors, isSubmitting } } = useForm<PetFormInput, unknown, PetFormValues>({
    resolver: zodResolver(petSchema),
    defaultValues: {
      name: pet?.name ?? '',
      species: pet?.species ?? 'dog',
      breed: pet?.breed ?? '',
      age: pet?.age ?? '',
      weight: pet?.weight ?? '',
      health_conditions: pet?.health_conditions.join(', ') ?? '',
    },
  })

  const submit = handleSubmit(async (values) => {
    setFormError(null)
    try {
      await onSubmit(toPetInput(values))
    } catch (error) {
      setFormError(applyServerErrors(error, FIELDS, setError))
    }
  })

  return (
    <form noValidate onSubmit={submit} className="space-y-4" aria-label={submitLabel}>
      {formError && <Alert>{formError}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextInput label="Name" error={errors.name?.message} {...register('name')} />
        <SelectInput label="Species" error={errors.species?.message} {...register('species')}>
          <option value="dog">Dog</option>
          <option value="cat">Cat</option>
          <option value="other">Other</option>
        </SelectInput>
        <TextInput label="Breed" placeholder="e.g. Labrador Retriever" error={errors.breed?.message} {...register('breed')} />
        <TextInput label="Age (months)" type="number" inputMode="numeric" min={0} error={errors.age?.message} {...register('age')} />
        <TextInput label="Weight (kg)" type="number" inputMode="decimal" step="0.1" min={0} error={errors.weight?.message} {...register('weight')} />
        <TextInput label="Health conditions" hint="Separate with commas, e.g. hip dysplasia, allergies" error={errors.health_conditions?.message} {...register('health_conditions')} />
      </div>
      <div className="flex justify-end gap-3">
        {onCancel && <Button variant="secondary" onClick={onCancel}>Cancel</Button>}
        <Button type="submit" loading={isSubmitting}>{submitLabel}</Button>
      </div>
    </form>
  )
}

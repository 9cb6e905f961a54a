import { zodResolver } from '@hookform/resolvers/zod'
import { useEffect, useState } from 'react'
import { useForm, useWatch } from 'react-hook-form'
import { z } from 'zod'
import type { Pet, PetInput } from '../../api'
import { clearDraft, loadDraft, saveDraft } from '../../lib/drafts'
import { applyServerErrors } from '../../lib/forms'
import { splitAge, toDisplayWeight, toKg, weightUnit, type Units } from '../../lib/units'
import { Alert } from '../ui/Alert'
import { Button } from '../ui/Button'
import { SelectInput, TextInput } from '../ui/FormField'

const optionalNumber = (schema: z.ZodNumber) =>
  z.preprocess((value) => (value === '' || value === null || value === undefined ? undefined : Number(value)), schema.optional())

/** Weight is entered in the profile's unit; the limits are the API's (0 < kg <= 200) in that unit. */
export function petSchema(units: Units = 'metric') {
  const unit = weightUnit(units)
  const max = units === 'imperial' ? 440 : 200
  return z.object({
    name: z.string().trim().min(1, 'Give your pet a name.').max(100, 'Use at most 100 characters.'),
    species: z.enum(['dog', 'cat', 'other'], { message: 'Choose a species.' }),
    breed: z.string().trim().max(100, 'Use at most 100 characters.'),
    age_years: optionalNumber(z.number({ message: 'Enter the years as a number.' }).int('Use whole years.').min(0, 'Age cannot be negative.').max(50, 'Use at most 50 years.')),
    age_months: optionalNumber(z.number({ message: 'Enter the months as a number.' }).int('Use whole months.').min(0, 'Age cannot be negative.').max(11, 'Use 0 to 11 months (add a year instead).')),
    weight: optionalNumber(z.number({ message: `Enter the weight in ${unit}.` }).gt(0, `Weight must be more than 0 ${unit}.`).max(max, `Use at most ${max} ${unit}.`)),
    health_conditions: z.string().max(1000, 'Keep it under 1000 characters.'),
  })
}
type Schema = ReturnType<typeof petSchema>
export type PetFormInput = z.input<Schema>
export type PetFormValues = z.output<Schema>
const FIELDS = ['name', 'species', 'breed', 'age_years', 'weight', 'health_conditions'] as const

export function toPetInput(values: PetFormValues, units: Units = 'metric', storedKg: number | null = null): PetInput {
  const hasAge = values.age_years !== undefined || values.age_months !== undefined
  // A weight shown as it is stored and left alone keeps the stored kg (30 kg shown as 66.1 lb is not 29.98 kg).
  const untouched = storedKg !== null && values.weight !== undefined && values.weight === toDisplayWeight(storedKg, units)
  return {
    name: values.name,
    species: values.species,
    breed: values.breed || null,
    age: hasAge ? (values.age_years ?? 0) * 12 + (values.age_months ?? 0) : null,
    weight: values.weight === undefined ? null : untouched ? storedKg : toKg(values.weight, units),
    health_conditions: values.health_conditions.split(',').map((item) => item.trim()).filter(Boolean),
  }
}

interface PetFormProps {
  pet?: Pet
  units?: Units
  submitLabel: string
  onSubmit: (input: PetInput) => Promise<unknown>
  onCancel?: () => void
  /** Keeps unsaved input in this tab (sessionStorage) under this key until the form is saved. */
  draftKey?: string
}

function initialValues(pet: Pet | undefined, units: Units): PetFormInput {
  const [years, months] = splitAge(pet?.age)
  return {
    name: pet?.name ?? '',
    species: pet?.species ?? 'dog',
    breed: pet?.breed ?? '',
    age_years: years ?? '',
    age_months: months ?? '',
    weight: pet?.weight ? toDisplayWeight(pet.weight, units) : '',
    health_conditions: pet?.health_conditions.join(', ') ?? '',
  }
}

export function PetForm({ pet, units = 'metric', submitLabel, onSubmit, onCancel, draftKey }: PetFormProps) {
  const [formError, setFormError] = useState<string | null>(null)
  const { register, handleSubmit, setError, control, formState: { errors, isSubmitting } } = useForm<PetFormInput, unknown, PetFormValues>({
    resolver: zodResolver(petSchema(units)),
    defaultValues: { ...initialValues(pet, units), ...(draftKey ? loadDraft<PetFormInput>(draftKey) : null) },
  })
  const watched = useWatch({ control })
  useEffect(() => {
    if (draftKey) saveDraft(draftKey, watched)
  }, [draftKey, watched])

  const submit = handleSubmit(async (values) => {
    setFormError(null)
    try {
      await onSubmit(toPetInput(values, units, pet?.weight ?? null))
      if (draftKey) clearDraft(draftKey)
    } catch (error) {
      // The API names the field `age`; it is shown on the years field.
      setFormError(applyServerErrors(error, FIELDS, setError, { age: 'age_years' }))
    }
  })

  const unit = weightUnit(units)
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
        <div className="grid grid-cols-2 gap-3">
          <TextInput label="Age (years)" type="number" inputMode="numeric" min={0} error={errors.age_years?.message} {...register('age_years')} />
          <TextInput label="Age (months)" type="number" inputMode="numeric" min={0} max={11} hint="0 to 11" error={errors.age_months?.message} {...register('age_months')} />
        </div>
        <TextInput label={`Weight (${unit})`} type="number" inputMode="decimal" step="0.1" min={0} error={errors.weight?.message} {...register('weight')} />
        <TextInput label="Health conditions" hint="Separate with commas, e.g. hip dysplasia, allergies" error={errors.health_conditions?.message} {...register('health_conditions')} />
      </div>
      <div className="flex justify-end gap-3">
        {onCancel && <Button variant="secondary" onClick={onCancel}>Cancel</Button>}
        <Button type="submit" loading={isSubmitting}>{submitLabel}</Button>
      </div>
    </form>
  )
}

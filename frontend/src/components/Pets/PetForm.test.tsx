import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api'
import { renderWithProviders } from '../../test/render'
import { PetForm } from './PetForm'

describe('PetForm', () => {
  it('refuses a missing name, a negative age and a zero weight', async () => {
    const onSubmit = vi.fn()
    const user = userEvent.setup()
    renderWithProviders(<PetForm submitLabel="Save pet" onSubmit={onSubmit} />)

    await user.type(screen.getByLabelText('Age (years)'), '-3')
    await user.type(screen.getByLabelText('Weight (kg)'), '0')
    await user.click(screen.getByRole('button', { name: 'Save pet' }))

    expect(await screen.findByText('Give your pet a name.')).toBeInTheDocument()
    expect(screen.getByText('Age cannot be negative.')).toBeInTheDocument()
    expect(screen.getByText('Weight must be more than 0 kg.')).toBeInTheDocument()
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('sends the contract fields, with empty optional ones as null and conditions as a list', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined)
    const user = userEvent.setup()
    renderWithProviders(<PetForm submitLabel="Save pet" onSubmit={onSubmit} />)

    await user.type(screen.getByLabelText('Name'), '  Luna ')
    await user.selectOptions(screen.getByLabelText('Species'), 'cat')
    await user.type(screen.getByLabelText('Age (years)'), '1')
    await user.type(screen.getByLabelText('Age (months)'), '2')
    await user.type(screen.getByLabelText('Health conditions'), 'asthma, , allergies')
    await user.click(screen.getByRole('button', { name: 'Save pet' }))

    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1))
    expect(onSubmit).toHaveBeenCalledWith({ name: 'Luna', species: 'cat', breed: null, age: 14, weight: null, health_conditions: ['asthma', 'allergies'] })
  })

  it('shows a server validation message on its field', async () => {
    const onSubmit = vi.fn().mockRejectedValue(new ApiError('VALIDATION_ERROR', 'Invalid.', { weight: ['Weight must be at most 200 kg.'] }, 400))
    const user = userEvent.setup()
    renderWithProviders(<PetForm submitLabel="Save pet" onSubmit={onSubmit} />)

    await user.type(screen.getByLabelText('Name'), 'Rex')
    await user.click(screen.getByRole('button', { name: 'Save pet' }))

    expect(await screen.findByText('Weight must be at most 200 kg.')).toBeInTheDocument()
    expect(screen.getByLabelText('Weight (kg)')).toHaveAttribute('aria-invalid', 'true')
  })
})

describe('PetForm units', () => {
  it('takes the weight in pounds for an imperial profile and sends kilograms', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined)
    const user = userEvent.setup()
    renderWithProviders(<PetForm units="imperial" submitLabel="Save pet" onSubmit={onSubmit} />)

    await user.type(screen.getByLabelText('Name'), 'Rex')
    await user.type(screen.getByLabelText('Weight (lb)'), '22')
    await user.click(screen.getByRole('button', { name: 'Save pet' }))

    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1))
    expect(onSubmit.mock.calls[0][0].weight).toBe(9.98)
  })

  it('shows a stored weight in pounds and an age as years and months', () => {
    const pet = { id: 'p', name: 'Rex', species: 'dog' as const, breed: null, breed_confidence: null, age: 30, weight: 10, health_conditions: [], image_url: null, created_at: '', updated_at: '' }
    renderWithProviders(<PetForm pet={pet} units="imperial" submitLabel="Save" onSubmit={vi.fn()} />)
    expect(screen.getByLabelText('Weight (lb)')).toHaveValue(22)
    expect(screen.getByLabelText('Age (years)')).toHaveValue(2)
    expect(screen.getByLabelText('Age (months)')).toHaveValue(6)
  })

  it('keeps unsaved input as a draft and restores it', async () => {
    const user = userEvent.setup()
    const first = renderWithProviders(<PetForm draftKey="pet-test" submitLabel="Save pet" onSubmit={vi.fn()} />)
    await user.type(screen.getByLabelText('Name'), 'Biscuit')
    first.unmount()
    renderWithProviders(<PetForm draftKey="pet-test" submitLabel="Save pet" onSubmit={vi.fn()} />)
    expect(screen.getByLabelText('Name')).toHaveValue('Biscuit')
    sessionStorage.clear()
  })
})

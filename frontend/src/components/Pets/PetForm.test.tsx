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

    await user.type(screen.getByLabelText('Age (months)'), '-3')
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
    await user.type(screen.getByLabelText('Age (months)'), '14')
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

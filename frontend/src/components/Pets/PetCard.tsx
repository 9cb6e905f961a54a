import { Link } from 'react-router'
import type { Pet } from '../../api'
import { formatAge, humanize } from '../../lib/format'
import { formatWeight, type Units } from '../../lib/units'
import { thumbnailOf } from '../../lib/breedLabel'
import { Icon } from '../ui/Icon'


export function PetAvatar({ pet, size = 'md' }: { pet: Pet; size?: 'md' | 'lg' }) {
  const dimension = size === 'lg' ? 'h-24 w-24 text-5xl' : 'h-14 w-14 text-3xl'
  return pet.image_url ? (
    <img src={thumbnailOf(pet.image_url)} alt={pet.name} className={`${dimension} shrink-0 rounded-2xl object-cover`} />
  ) : (
    <span aria-hidden="true" className={`${dimension} grid shrink-0 place-items-center rounded-2xl bg-teal-50 text-teal-700`}><Icon name="paw" className="h-1/2 w-1/2" /></span>
  )
}

export function PetCard({ pet, units = 'metric' }: { pet: Pet; units?: Units }) {
  const details = [humanize(pet.species), pet.breed, formatAge(pet.age), formatWeight(pet.weight, units)].filter(Boolean)
  return (
    <li data-testid="pet-item" className="min-w-0">
      <Link to={`/pets/${pet.id}`} className="flex min-w-0 items-center gap-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 transition hover:shadow-md hover:ring-teal-300 focus-visible:outline-2 focus-visible:outline-teal-700">
        <PetAvatar pet={pet} />
        <div className="min-w-0">
          <p className="truncate text-base font-semibold text-slate-900">{pet.name}</p>
          <p className="truncate text-sm text-slate-600">{details.join(' · ')}</p>
        </div>
        <span aria-hidden="true" className="ml-auto text-slate-400">›</span>
      </Link>
    </li>
  )
}

import { unitsFrom, type Units } from '../lib/units'
import { useProfile } from './useProfile'

/** The signed-in user's unit preference (metric until the profile says otherwise). */
export function useUnits(): Units {
  const profile = useProfile()
  return unitsFrom(profile.data?.preferences)
}

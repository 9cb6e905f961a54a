// Weight is stored in kg; the profile's `preferences.units` chooses how it is shown and entered.
export type Units = 'metric' | 'imperial'
export const KG_PER_LB = 0.45359237

export function unitsFrom(preferences: Record<string, unknown> | null | undefined): Units {
  return preferences?.units === 'imperial' ? 'imperial' : 'metric'
}

export function weightUnit(units: Units): 'kg' | 'lb' {
  return units === 'imperial' ? 'lb' : 'kg'
}

/** kg -> the shown number in the chosen unit, one decimal. */
export function toDisplayWeight(kg: number, units: Units): number {
  const value = units === 'imperial' ? kg / KG_PER_LB : kg
  return Math.round(value * 10) / 10
}

/** An entered number in the chosen unit -> kg with two decimals (what the API stores: 10 g steps). */
export function toKg(value: number, units: Units): number {
  const kg = units === 'imperial' ? value * KG_PER_LB : value
  return Math.round(kg * 100) / 100
}

export function formatWeight(kg: number | null | undefined, units: Units): string | null {
  if (kg === null || kg === undefined) return null
  return `${toDisplayWeight(kg, units)} ${weightUnit(units)}`
}

/** Months -> [years, months]. */
export function splitAge(months: number | null | undefined): [number | null, number | null] {
  if (months === null || months === undefined) return [null, null]
  return [Math.floor(months / 12), months % 12]
}

/** Weights written in kg inside a text (an explanation) in the user's unit: "29.98 kg" -> "66.1 lb". */
export function localizeWeights(text: string, units: Units): string {
  if (units !== 'imperial') return text
  return text.replace(/(\d+(?:\.\d+)?)\s?kg\b/g, (_match, kg: string) => `${toDisplayWeight(Number(kg), units)} lb`)
}

import { describe, expect, it } from 'vitest'
import { localizeWeights } from './units'

describe('localizeWeights', () => {
  it('says weights in the user unit inside a sentence', () => {
    expect(localizeWeights('since 30 kg is above the usual 11 kg maximum', 'imperial')).toBe('since 66.1 lb is above the usual 24.3 lb maximum')
    expect(localizeWeights('since 30 kg is above', 'metric')).toBe('since 30 kg is above')
  })
})

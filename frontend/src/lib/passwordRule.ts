import { z } from 'zod'

/** The client-side password rule (the server checks again): 10+ characters, two kinds of character. */
export const passwordRule = z
  .string()
  .min(10, 'Use at least 10 characters.')
  .refine((value) => [/[A-Za-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(value)).length >= 2, 'Mix at least two of letters, numbers and symbols.')

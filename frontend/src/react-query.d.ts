import '@tanstack/react-query'
import type { ApiError } from './api/errors'

declare module '@tanstack/react-query' {
  interface Register {
    // Every query and mutation goes through src/api, which rejects with ApiError.
    defaultError: ApiError
  }
}

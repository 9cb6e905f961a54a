import { useQuery } from '@tanstack/react-query'
import { dashboardApi } from '../api'
import { queryKeys } from './queryKeys'

export function useDashboard() {
  return useQuery({ queryKey: queryKeys.dashboard, queryFn: dashboardApi.get })
}

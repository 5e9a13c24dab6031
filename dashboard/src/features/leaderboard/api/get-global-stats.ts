import { queryOptions, useQuery } from '@tanstack/react-query';
import { callPublic } from '../../../shared/server.ts';

export interface GlobalStats {
  readonly players: number;
  readonly active_today: number;
  readonly cycles_today: number;
  readonly seconds_today: number;
}

export function getGlobalStats(): Promise<GlobalStats> {
  return callPublic<GlobalStats>('get_global_stats');
}

export const globalStatsQueryOptions = queryOptions({
  queryKey: ['global-stats'],
  queryFn: getGlobalStats,
  // Today's figures move with every push anywhere; a slow poll beats a refetch per broadcast.
  refetchInterval: 20_000,
});

export function useGlobalStats() {
  return useQuery(globalStatsQueryOptions);
}

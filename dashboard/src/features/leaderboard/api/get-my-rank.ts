import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Scope } from '../../../shared/leaderboard-rows.ts';
import { callPublic, hasDevice } from '../../../shared/server.ts';

export interface MyRank {
  readonly rank: number | null;
  readonly total_players: number;
  readonly score: number;
}

/** The caller's rank, or null when this browser is no device yet (it never signs in just to ask). */
export async function getMyRank(scope: Scope): Promise<MyRank | null> {
  if (!hasDevice()) return null;
  return callPublic<MyRank>('get_my_rank', { scope, team_id: null });
}

export function myRankQueryOptions(scope: Scope) {
  return queryOptions({
    queryKey: ['my-rank', scope],
    queryFn: () => getMyRank(scope),
    retry: false,
  });
}

export function useMyRank(scope: Scope) {
  return useQuery(myRankQueryOptions(scope));
}

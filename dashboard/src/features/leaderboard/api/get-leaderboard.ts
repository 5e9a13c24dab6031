import { queryOptions, useQuery } from '@tanstack/react-query';
import type { LeaderboardRow, Scope } from '../../../shared/leaderboard-rows.ts';
import { callPublic } from '../../../shared/server.ts';

export const LEADERBOARD_LIMIT = 100;

export function leaderboardKey(scope: Scope, teamId: string | null) {
  return ['leaderboard', scope, teamId ?? 'public'] as const;
}

export function getLeaderboard(scope: Scope, teamId: string | null): Promise<LeaderboardRow[]> {
  return callPublic<LeaderboardRow[]>('get_leaderboard', {
    scope,
    team_id: teamId,
    row_limit: LEADERBOARD_LIMIT,
  });
}

export function leaderboardQueryOptions(scope: Scope, teamId: string | null) {
  return queryOptions({
    queryKey: leaderboardKey(scope, teamId),
    queryFn: () => getLeaderboard(scope, teamId),
    // Kept fresh by broadcasts, not by refetching.
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useLeaderboard(scope: Scope, teamId: string | null) {
  return useQuery(leaderboardQueryOptions(scope, teamId));
}

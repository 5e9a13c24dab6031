import { queryOptions, useQuery } from '@tanstack/react-query';
import { callAsPlayer } from '../../../shared/call-as-player.ts';
import type { LeaderboardRow, Scope } from '../../../shared/leaderboard-rows.ts';
import { TEAM_BOARD_LIMIT, teamBoardKey } from '../../../shared/team-channel.ts';

export function getTeamBoard(teamId: string, scope: Scope): Promise<LeaderboardRow[]> {
  return callAsPlayer<LeaderboardRow[]>('get_leaderboard', {
    scope,
    team_id: teamId,
    row_limit: TEAM_BOARD_LIMIT,
  });
}

export function teamBoardQueryOptions(teamId: string, scope: Scope) {
  return queryOptions({
    queryKey: teamBoardKey(scope, teamId),
    queryFn: () => getTeamBoard(teamId, scope),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useTeamBoard(teamId: string, scope: Scope) {
  return useQuery(teamBoardQueryOptions(teamId, scope));
}

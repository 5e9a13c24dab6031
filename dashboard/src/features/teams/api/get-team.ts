import { queryOptions, useQuery } from '@tanstack/react-query';
import { callAsPlayer } from '../../../shared/call-as-player.ts';
import { teamKey } from '../../../shared/team-channel.ts';
import type { Team } from './team-types.ts';

export function getTeam(teamId: string): Promise<Team> {
  return callAsPlayer<Team>('get_team', { team_id: teamId });
}

export function teamQueryOptions(teamId: string) {
  // Kept live by `team_goal` broadcasts on the team's channel.
  return queryOptions({ queryKey: teamKey(teamId), queryFn: () => getTeam(teamId), staleTime: 60_000 });
}

export function useTeam(teamId: string) {
  return useQuery(teamQueryOptions(teamId));
}

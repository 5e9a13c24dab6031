import { queryOptions, useQuery } from '@tanstack/react-query';
import { callPublic, hasDevice } from './server.ts';

// Shared by the leaderboard's team filter and the teams pages: one request, one cache entry.

export interface TeamSummary {
  readonly id: string;
  readonly name: string;
  readonly join_code: string;
  readonly member_count: number;
}

export async function getMyTeams(): Promise<TeamSummary[]> {
  if (!hasDevice()) return [];
  return callPublic<TeamSummary[]>('get_my_teams');
}

export const myTeamsQueryOptions = queryOptions({ queryKey: ['my-teams'], queryFn: getMyTeams });

export function useMyTeams() {
  return useQuery(myTeamsQueryOptions);
}

import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  type BoardRow,
  type LeaderboardRow,
  parseBoardRows,
  rerank,
  type Scope,
} from './leaderboard-rows.ts';
import { myStatsKey } from './my-stats.ts';
import { myTeamsQueryOptions, type TeamSummary } from './my-teams.ts';
import { joinPrivateChannel } from './private-channel.ts';

export const TEAM_BOARD_LIMIT = 100;

export function teamBoardKey(scope: Scope, teamId: string) {
  return ['leaderboard', scope, teamId] as const;
}

export function teamKey(teamId: string) {
  return ['team', teamId] as const;
}

/** A `team` message: the team as get_team answers it and every current member (≤ 50, so no diffs). */
export interface TeamLiveMessage {
  readonly team: TeamSummary & { readonly goal: unknown };
  readonly members: readonly BoardRow[];
}

export function parseTeamMessage(payload: unknown): TeamLiveMessage | null {
  const p = payload as { team?: Record<string, unknown>; members?: unknown } | null;
  const team = p?.team;
  if (
    typeof team?.id !== 'string' ||
    typeof team.name !== 'string' ||
    typeof team.member_count !== 'number'
  ) {
    return null;
  }
  const members = parseBoardRows(p?.members);
  return members ? { team: team as unknown as TeamLiveMessage['team'], members } : null;
}

/**
 * A team board from the whole member list: ranked by the scope's score (zero scores kept, as team boards
 * list every member), my row flagged by my player id, or as the board last showed it while that is unknown.
 */
export function teamBoard(
  members: readonly BoardRow[],
  scope: Scope,
  myPlayerId: string | null,
  previous: readonly LeaderboardRow[] | undefined,
): LeaderboardRow[] {
  const wasMe = new Set(previous?.filter((row) => row.is_me).map((row) => row.player_id));
  const rows = members.map((member) => ({
    ...member,
    is_me: myPlayerId ? member.player_id === myPlayerId : wasMe.has(member.player_id),
  }));
  return rerank(rows, scope).slice(0, TEAM_BOARD_LIMIT);
}

function onTeam(queryClient: QueryClient, teamId: string, payload: unknown): void {
  const message = parseTeamMessage(payload);
  if (!message || message.team.id !== teamId) {
    console.warn('team channel: ignored a malformed team message', payload);
    return;
  }
  const { team, members } = message;
  queryClient.setQueryData(teamKey(teamId), team);
  const myPlayerId = queryClient.getQueryData<{ player_id?: string } | null>(myStatsKey)?.player_id ?? null;
  for (const scope of ['all_time', 'weekly'] as const) {
    queryClient.setQueryData<LeaderboardRow[]>(teamBoardKey(scope, teamId), (previous) =>
      teamBoard(members, scope, myPlayerId, previous),
    );
  }
  queryClient.setQueryData<TeamSummary[]>(myTeamsQueryOptions.queryKey, (teams) =>
    teams?.map((t) => (t.id === teamId ? { ...t, name: team.name, member_count: team.member_count } : t)),
  );
}

/**
 * Joins the private `team:<id>` channel (members only, checked by RLS): each `team` message replaces
 * the team (goal, member count) and both team boards under the query keys their requests use, so
 * joins, leaves and pushes show without a refetch.
 */
export function useTeamChannel(teamId: string | null): boolean {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    setLive(false);
    if (!teamId) return;
    return joinPrivateChannel(`team:${teamId}`, { team: (p) => onTeam(queryClient, teamId, p) }, setLive);
  }, [teamId, queryClient]);
  return live;
}

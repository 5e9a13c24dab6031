import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  applyPlayerStats,
  type LeaderboardRow,
  parsePlayerStatsEvent,
  type Scope,
} from './leaderboard-rows.ts';
import { syncClient } from './server.ts';

export const TEAM_BOARD_LIMIT = 100;

export function teamBoardKey(scope: Scope, teamId: string) {
  return ['leaderboard', scope, teamId] as const;
}

export function teamKey(teamId: string) {
  return ['team', teamId] as const;
}

function onMemberStats(queryClient: QueryClient, teamId: string, payload: unknown): void {
  const event = parsePlayerStatsEvent(payload);
  if (!event) return;
  // A member the board has not listed yet joined since it loaded: the team's member count is stale too.
  const known = queryClient.getQueryData<LeaderboardRow[]>(teamBoardKey('all_time', teamId));
  if (known && !known.some((row) => row.player_id === event.player_id)) {
    void queryClient.invalidateQueries({ queryKey: teamKey(teamId) });
  }
  for (const scope of ['all_time', 'weekly'] as const) {
    queryClient.setQueryData<LeaderboardRow[]>(teamBoardKey(scope, teamId), (rows) =>
      rows
        ? applyPlayerStats(rows, event, { scope, limit: TEAM_BOARD_LIMIT, now: new Date(), keepZero: true })
        : rows,
    );
  }
}

/**
 * Joins the private `team:<id>` channel (members only, checked by RLS) and patches the team's
 * boards and its goal under the query keys their requests use.
 */
export function useTeamChannel(teamId: string | null): boolean {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    setLive(false);
    if (!teamId) return;
    let stopped = false;
    let unsubscribe = () => {};
    void (async () => {
      const sync = await syncClient();
      await sync.ensureSession();
      const client = sync.supabase;
      const { data } = await client.auth.getSession();
      // A private join must carry the token: set it before subscribing (see ARCHITECTURE.md).
      if (data.session) await client.realtime.setAuth(data.session.access_token);
      if (stopped) return;
      const channel = client.channel(`team:${teamId}`, { config: { private: true } });
      channel
        .on('broadcast', { event: 'member_stats' }, ({ payload }) =>
          onMemberStats(queryClient, teamId, payload),
        )
        .on('broadcast', { event: 'team_goal' }, ({ payload }) => {
          queryClient.setQueryData(teamKey(teamId), (team: object | undefined) =>
            team ? { ...team, ...(payload as object) } : team,
          );
        })
        .subscribe((status) => setLive(status === 'SUBSCRIBED'));
      unsubscribe = () => void client.removeChannel(channel);
    })();
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [teamId, queryClient]);
  return live;
}

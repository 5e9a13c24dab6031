import type { MyStats } from '@breath-master/sync';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import {
  applyPlayerStats,
  type LeaderboardRow,
  parsePlayerStatsEvent,
  removePlayer,
  type Scope,
} from '../../../shared/leaderboard-rows.ts';
import { myStatsKey } from '../../../shared/my-stats.ts';
import { publicRealtime } from '../../../shared/public-realtime.ts';
import { LEADERBOARD_LIMIT, leaderboardKey } from './get-leaderboard.ts';

const scopes: readonly Scope[] = ['all_time', 'weekly'];

/**
 * Keeps both public boards live from the `leaderboard` broadcast: each event patches the cached
 * rows under the same keys the queries use, so nothing refetches and nothing flickers. The channel
 * is on the light public realtime client, so a visitor's landing page never loads supabase-js.
 */
export function useLeaderboardChannel(): boolean {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);
  useEffect(() => {
    let stopped = false;
    let unsubscribe = () => {};
    void publicRealtime().then((client) => {
      if (stopped) return;
      const channel = client.channel('leaderboard');
      unsubscribe = () => void client.removeChannel(channel);
      channel
        .on('broadcast', { event: 'player_stats' }, ({ payload }) => {
          const event = parsePlayerStatsEvent(payload);
          if (!event) return;
          const myPlayerId = queryClient.getQueryData<MyStats>(myStatsKey)?.player_id ?? null;
          for (const scope of scopes) {
            queryClient.setQueryData<LeaderboardRow[]>(leaderboardKey(scope, null), (rows) =>
              rows
                ? applyPlayerStats(rows, event, {
                    scope,
                    limit: LEADERBOARD_LIMIT,
                    now: new Date(),
                    myPlayerId,
                  })
                : rows,
            );
          }
        })
        .on('broadcast', { event: 'player_removed' }, ({ payload }) => {
          const id = (payload as { player_id?: unknown } | null)?.player_id;
          if (typeof id !== 'string') return;
          for (const scope of scopes) {
            queryClient.setQueryData<LeaderboardRow[]>(leaderboardKey(scope, null), (rows) =>
              rows ? removePlayer(rows, id, scope) : rows,
            );
          }
        })
        .subscribe((status) => setLive(status === 'SUBSCRIBED'));
    });
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [queryClient]);
  return live;
}

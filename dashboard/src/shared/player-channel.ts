import type { MyStats } from '@breath-master/sync';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useMyPlayerId, writeMyStats } from './my-stats.ts';
import { joinPrivateChannel } from './private-channel.ts';

/** A `my_stats` message: the object `sync_progress` answers (plus the `id` realtime adds, dropped here). */
export function parseMyStatsMessage(payload: unknown): MyStats | null {
  const p = payload as Record<string, unknown> | null;
  if (typeof p?.player_id !== 'string' || typeof p.total_xp !== 'number' || typeof p.handle !== 'string') {
    return null;
  }
  const { id: _realtimeId, ...stats } = p;
  return stats as unknown as MyStats;
}

function onMyStats(queryClient: QueryClient, payload: unknown): void {
  const stats = parseMyStatsMessage(payload);
  if (!stats) {
    console.warn('player channel: ignored a malformed my_stats message', payload);
    return;
  }
  writeMyStats(queryClient, stats);
  void queryClient.invalidateQueries({ queryKey: ['my-rank'] });
}

/**
 * While this browser is a device of a known player, follows the private `player:<id>` topic: another
 * device's push reaches my stats here (the server sends only when the player has two devices or more).
 */
export function usePlayerChannel(): void {
  const queryClient = useQueryClient();
  const playerId = useMyPlayerId();
  useEffect(() => {
    if (!playerId) return;
    return joinPrivateChannel(`player:${playerId}`, { my_stats: (p) => onMyStats(queryClient, p) }, () => {});
  }, [playerId, queryClient]);
}

import type { MyProgress, MyStats } from '@breath-master/sync';
import { isSyncError } from '@breath-master/sync/errors';
import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { callPublic, hasDevice } from './server.ts';

/** The `my_stats` of this device's player: from its pushes, privacy calls, pairing and `my_stats` messages. */
export const myStatsKey = ['my-stats'] as const;
/** /me's progress, whose `stats` is the same object. */
export const myProgressKey = ['my-progress'] as const;

/**
 * Asked once per visit when nothing put it in the cache yet: who this device's player is (its row on
 * the boards, its `player:<id>` topic). Null for a browser that is no device or never synced; it is
 * never signed in just to ask.
 */
export async function getMyStats(): Promise<MyStats | null> {
  if (!hasDevice()) return null;
  try {
    return (await callPublic<MyProgress>('get_my_progress', { days: 1 })).stats;
  } catch (e) {
    if (isSyncError(e) && e.code === 'not_registered') return null;
    throw e;
  }
}

export const myStatsQueryOptions = queryOptions({
  queryKey: myStatsKey,
  queryFn: getMyStats,
  // Kept current by whoever learns newer stats (pushes, privacy calls, `my_stats` messages).
  staleTime: Number.POSITIVE_INFINITY,
});

/** This device's player id, or null while unknown or when there is none. */
export function useMyPlayerId(): string | null {
  return useQuery({ ...myStatsQueryOptions, select: (stats) => stats?.player_id ?? null }).data ?? null;
}

/** Fresh `my_stats` (an RPC's answer or a `my_stats` message): write it into both caches that show it. */
export function writeMyStats(queryClient: QueryClient, stats: MyStats): void {
  queryClient.setQueryData(myStatsKey, stats);
  queryClient.setQueryData<MyProgress | null>(myProgressKey, (progress) =>
    progress ? { ...progress, stats } : progress,
  );
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { publicRealtime } from '../../../shared/public-realtime.ts';
import { boardFeed } from './board-feed.ts';
import { liveBoardQueryOptions, pollInterval } from './get-live-board.ts';

export const LEADERBOARD_TOPIC = 'leaderboard';

/** `connecting` until the first join, `live` while joined, `unavailable` while realtime fails (polling). */
export type LiveStatus = 'connecting' | 'live' | 'unavailable';

/**
 * Keeps the public boards and tiles live from the private `leaderboard` topic, on which only the
 * database can send (docs/live-boards.md): after each join the snapshot is loaded, then `board`
 * messages are applied in seq order. While the channel is down (refused, quota, timeout, no socket)
 * the snapshot is polled instead; realtime-js keeps rejoining on its own schedule.
 */
export function useLeaderboardChannel(): LiveStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  // The polling observer: idle while live, and it never re-renders the page (it reads nothing).
  useQuery({
    ...liveBoardQueryOptions,
    refetchInterval: status === 'live' ? false : () => pollInterval(),
    notifyOnChangeProps: [],
  });

  useEffect(() => {
    let stopped = false;
    let unsubscribe = () => {};
    let wasLive = true; // so the first failure is logged, and each one after being live again
    const feed = boardFeed(queryClient);
    publicRealtime().then(
      (client) => {
        if (stopped) return;
        const channel = client.channel(LEADERBOARD_TOPIC, { config: { private: true } });
        unsubscribe = () => void client.removeChannel(channel);
        channel
          .on('broadcast', { event: 'board' }, ({ payload }) => feed.receive(payload))
          .subscribe((state, error) => {
            if (stopped) return;
            if (state === 'SUBSCRIBED') {
              wasLive = true;
              setStatus('live');
              // Loaded after joining, so no message between the snapshot and the join is missed.
              void feed.resync();
              return;
            }
            setStatus('unavailable');
            // realtime-js retries every few seconds: one line per outage, not one per attempt.
            if (wasLive) console.warn(`live boards: ${state}; polling until realtime is back`, error ?? '');
            wasLive = false;
          });
      },
      (error: unknown) => {
        if (stopped) return;
        setStatus('unavailable');
        console.warn('live boards: realtime is unavailable', error);
      },
    );
    return () => {
      stopped = true;
      feed.stop();
      unsubscribe();
    };
  }, [queryClient]);

  return status;
}

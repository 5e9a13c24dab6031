import { localDayOf, markSynced, recentDays } from '@breath-master/core';
import { SyncScheduler } from '@breath-master/sync/scheduler';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { noteClientOutdated } from '../shared/client-outdated.ts';
import { useConnection } from '../shared/connection-store.ts';
import { loadRecord, recordError, subscribeRecord, updateRecord } from '../shared/local-progress.ts';
import { myStatsKey } from '../shared/my-stats.ts';
import { syncClient } from '../shared/server.ts';
import { useSyncConsent } from '../shared/sync-consent.ts';
import { onlineTimerClock } from './online-timer-clock.ts';

/**
 * Keeps the connection banner's "offline" flag, and — only once the visitor chose to sync or paired
 * this browser — pushes the web device's local record whenever it changes (after a short delay),
 * retrying with backoff while the server is unreachable and at once when the browser is back online.
 * Without that consent nothing here signs in or sends anything.
 */
export function useSyncRunner(): void {
  const queryClient = useQueryClient();
  const allowed = useSyncConsent()?.sync === true;

  useEffect(() => {
    const online = () => useConnection.getState().setBrowserOnline(true);
    const offline = () => useConnection.getState().setBrowserOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }, []);

  useEffect(() => {
    if (!allowed) return;
    const clock = onlineTimerClock(() => navigator.onLine);
    const scheduler = new SyncScheduler({
      clock,
      // A few seconds gathers a session's cycles into one push without making the board feel slow.
      dirtyDelayMs: 3_000,
      initiallyDirty: loadRecord().dirty,
      push: async () => {
        // A saved record this version cannot read is never replaced, so there is nothing to send.
        if (recordError()) return;
        const record = loadRecord();
        const today = localDayOf(new Date());
        const days = recentDays(record.deviceDays, today);
        if (days.length === 0) return;
        const stats = await (await syncClient()).push(days, today);
        useConnection.getState().markReachable(true);
        // Only a record nobody changed during the push is now fully on the server.
        if (loadRecord().deviceDays === record.deviceDays) updateRecord(markSynced);
        queryClient.setQueryData(myStatsKey, stats);
        void queryClient.invalidateQueries({ queryKey: ['my-progress'] });
        void queryClient.invalidateQueries({ queryKey: ['my-rank'] });
        void queryClient.invalidateQueries({ queryKey: ['my-teams'] });
      },
      onFinalError: noteClientOutdated,
      onStatus: (status) => {
        if (status.state === 'waiting_retry') useConnection.getState().markReachable(false);
      },
    });
    let lastDays = loadRecord().deviceDays;
    const unsubscribe = subscribeRecord(() => {
      const record = loadRecord();
      if (record.deviceDays !== lastDays && record.dirty) scheduler.markDirty();
      lastDays = record.deviceDays;
    });
    const online = () => {
      scheduler.networkOnline();
      // A push still in flight when the network came back (it failed offline) would leave the retry
      // to the backoff: try once more as soon as it has settled.
      void scheduler.settled().then(() => scheduler.networkOnline());
    };
    window.addEventListener('online', online);
    return () => {
      unsubscribe();
      window.removeEventListener('online', online);
      scheduler.stop();
      clock.dispose();
    };
  }, [allowed, queryClient]);
}

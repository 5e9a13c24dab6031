import { isSyncError } from '@breath-master/sync/errors';
import { SyncDisabledError } from './sync-service.ts';

const texts: Record<string, string> = {
  network_error: 'The sync server cannot be reached. Your progress is safe here and will sync later.',
  timeout: 'The sync server did not answer in time. Your progress is safe here and will sync later.',
  server_error: 'The sync server had a problem. Try again in a moment.',
  rate_limited: 'Too many requests right now. Try again in a minute.',
  pairing_code_invalid: 'That code is not valid. Check it and try again.',
  pairing_code_expired:
    'That code has expired (codes last 10 minutes). Create a new one on the other device.',
  not_registered: 'This device has not synced yet.',
  day_out_of_window: "This device's clock looks wrong: a day falls outside the accepted window.",
  today_out_of_window:
    "This device's clock looks wrong: its date differs from the server's by more than a day.",
  implausible_counters: 'The server refused the daily totals as impossible.',
  client_outdated:
    'This version of Breath Master is older than the sync server accepts, so sync is paused. Your progress is safe here: update the extension to sync again.',
};

/** One sentence for a person; the stable code is appended so a bug report can quote it. */
export function describeSyncError(e: unknown): string {
  if (e instanceof SyncDisabledError) return e.message;
  if (isSyncError(e)) return `${texts[e.code] ?? 'Sync failed.'} (${e.code})`;
  return `Sync failed: ${e instanceof Error ? e.message : String(e)}`;
}

/**
 * Reports sync failures through `show`, one warning per failure, except client_outdated: every push of an
 * outdated build fails the same way until it is updated, so that warning is given once per session (one
 * reporter is made per activation).
 */
export function syncWarningReporter(show: (text: string) => void): (e: unknown) => void {
  let toldOutdated = false;
  return (e) => {
    if (isSyncError(e) && e.code === 'client_outdated') {
      if (toldOutdated) return;
      toldOutdated = true;
    }
    show(describeSyncError(e));
  };
}

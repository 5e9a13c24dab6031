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
};

/** One sentence for a person; the stable code is appended so a bug report can quote it. */
export function describeSyncError(e: unknown): string {
  if (e instanceof SyncDisabledError) return e.message;
  if (isSyncError(e)) return `${texts[e.code] ?? 'Sync failed.'} (${e.code})`;
  return `Sync failed: ${e instanceof Error ? e.message : String(e)}`;
}

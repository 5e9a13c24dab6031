import { localDayOf, recentDays } from '@breath-master/core';
import { isSyncError } from '@breath-master/sync/errors';
import { loadRecord } from './local-progress.ts';
import { callAsDevice, syncClient } from './server.ts';
import { syncAllowed } from './sync-consent.ts';

/**
 * Calls an RPC that needs a player (teams). A browser that never synced has none yet: its first
 * push creates one, then the call is made again. That push carries the browser's progress only when
 * the visitor chose to sync (or paired); otherwise it is empty and the player starts at zero.
 */
export async function callAsPlayer<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await callAsDevice<T>(fn, args);
  } catch (e) {
    if (!isSyncError(e) || e.code !== 'not_registered') throw e;
  }
  const today = localDayOf(new Date());
  const days = syncAllowed() ? recentDays(loadRecord().deviceDays, today) : [];
  await (await syncClient()).push(days, today);
  return callAsDevice<T>(fn, args);
}

import { localDayOf, recentDays } from '@breath-master/core';
import { isSyncError } from '@breath-master/sync/errors';
import { loadRecord } from './local-progress.ts';
import { callAsDevice, syncClient } from './server.ts';

/**
 * Calls an RPC that needs a player (teams). A browser that never synced has none yet: its first
 * push (of whatever it has, possibly nothing) creates one, then the call is made again.
 */
export async function callAsPlayer<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await callAsDevice<T>(fn, args);
  } catch (e) {
    if (!isSyncError(e) || e.code !== 'not_registered') throw e;
  }
  const today = localDayOf(new Date());
  await (await syncClient()).push(recentDays(loadRecord().deviceDays, today), today);
  return callAsDevice<T>(fn, args);
}

import { createSyncClient, type SyncClient } from '@breath-master/sync/client';
import { webStorageAdapter } from '@breath-master/sync/storage';
import { env } from './env.ts';

// Loaded on demand (supabase-js is the largest part of the app) for anything a device does: pushes,
// pairing, /me, teams and their private channels. The leaderboard reads with plain fetches and
// listens on the light public realtime client, so a visitor who only watches never loads it.

export function buildSyncClient(storageKey: string): SyncClient {
  return createSyncClient({
    url: env().supabaseUrl,
    anonKey: env().supabaseAnonKey,
    storage: webStorageAdapter(localStorage),
    storageKey,
    deviceKind: 'web',
    requestTimeoutMs: 10_000,
  });
}

import { createSyncClient, type SyncClient } from '@breath-master/sync/client';
import { webStorageAdapter } from '@breath-master/sync/storage';
import { env } from './env.ts';

// Loaded on demand (supabase-js is the largest part of the app): the leaderboard paints from a
// plain fetch first, and this module arrives for realtime and for anything a device does.

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

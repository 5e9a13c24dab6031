import type { RealtimeClient } from '@supabase/realtime-js';
import { lazyRetrying } from './lazy-retrying.ts';

// One light realtime client per tab for the live boards (the private `leaderboard` topic, joined
// with the anon key): a bare RealtimeClient, loaded as its own small chunk, so the landing page never
// needs supabase-js. Anything a device does (pushes, pairing, /me, its private `player:<id>` and
// `team:<id>` channels, which carry the device's token) still goes through the sync client of
// shared/server.ts.

const client = lazyRetrying(() => import('./public-realtime-client.ts').then((m) => m.buildPublicRealtime()));

export function publicRealtime(): Promise<RealtimeClient> {
  return client.get();
}

import type { RealtimeClient } from '@supabase/realtime-js';
import { lazyRetrying } from './lazy-retrying.ts';

// One light realtime client per tab for the public topics (`leaderboard`, `breathing-now`): a bare
// RealtimeClient on the anon key, loaded as its own small chunk, so the landing page never needs
// supabase-js. Anything a device does (pushes, pairing, /me, private `team:<id>` channels, which
// carry the device's token) still goes through the sync client of shared/server.ts.

const client = lazyRetrying(() => import('./public-realtime-client.ts').then((m) => m.buildPublicRealtime()));

export function publicRealtime(): Promise<RealtimeClient> {
  return client.get();
}

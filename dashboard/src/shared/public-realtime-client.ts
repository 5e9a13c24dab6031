import { RealtimeClient } from '@supabase/realtime-js';
import { env } from './env.ts';

// Loaded on demand by shared/public-realtime.ts: the same endpoint and apikey supabase-js would use
// (`<url>/realtime/v1`, the socket adds `/websocket`), without auth, PostgREST, storage or functions.
// The live boards are private topics that anyone may read but only the database may send on, and a
// private join must carry a token: the anon key is that token, set before anything subscribes.

export async function buildPublicRealtime(): Promise<RealtimeClient> {
  const { supabaseUrl, supabaseAnonKey } = env();
  const endpoint = new URL(`${supabaseUrl}/realtime/v1`);
  endpoint.protocol = endpoint.protocol.replace('http', 'ws');
  const client = new RealtimeClient(endpoint.href, { params: { apikey: supabaseAnonKey } });
  await client.setAuth(supabaseAnonKey);
  return client;
}

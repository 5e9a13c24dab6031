import { RealtimeClient } from '@supabase/realtime-js';
import { env } from './env.ts';

// Loaded on demand by shared/public-realtime.ts: the same endpoint and apikey supabase-js would use
// (`<url>/realtime/v1`, the socket adds `/websocket`), without auth, PostgREST, storage or functions.
// Public channels need no user token: the server takes the socket's apikey.

export function buildPublicRealtime(): RealtimeClient {
  const { supabaseUrl, supabaseAnonKey } = env();
  const endpoint = new URL(`${supabaseUrl}/realtime/v1`);
  endpoint.protocol = endpoint.protocol.replace('http', 'ws');
  return new RealtimeClient(endpoint.href, { params: { apikey: supabaseAnonKey } });
}

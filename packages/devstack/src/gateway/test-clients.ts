import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import ws from 'ws';
import { LOCAL_ANON_KEY } from '../keys.ts';

// supabase-js as an app would configure it under Node 20: the `ws` transport (no global WebSocket) and
// an explicit session storage.

export function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: async (key: string) => items.get(key) ?? null,
    setItem: async (key: string, value: string) => void items.set(key, value),
    removeItem: async (key: string) => void items.delete(key),
  };
}

export function testClient(
  url: string,
  opts: { key?: string; autoRefreshToken?: boolean } = {},
): SupabaseClient {
  return createClient(url, opts.key ?? LOCAL_ANON_KEY, {
    auth: {
      storage: memoryStorage(),
      autoRefreshToken: opts.autoRefreshToken ?? false,
      persistSession: true,
      detectSessionInUrl: false,
    },
    realtime: { transport: ws as never },
  });
}

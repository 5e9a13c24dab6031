import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { expect } from 'vitest';
import WebSocket from 'ws';
import { signJwt } from '../gateway/jwt.ts';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET } from '../keys.ts';

// Helpers for driving the official supabase-js client in the realtime tests.

export interface ClientOptions {
  /** The access token realtime sends (read on every auth refresh); the anon key when absent. */
  token?: () => string;
  vsn?: '1.0.0' | '2.0.0';
  heartbeatIntervalMs?: number;
}

export class TestClients {
  private readonly open: SupabaseClient[] = [];

  constructor(private readonly url: string) {}

  /**
   * A client whose realtime token is in place before the first subscribe: supabase-js applies the
   * accessToken option asynchronously, and a join sent before that carries no token at all.
   */
  async create(options: ClientOptions = {}): Promise<SupabaseClient> {
    const { token, vsn, heartbeatIntervalMs } = options;
    const c = createClient(this.url, LOCAL_ANON_KEY, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      // Node 20 has no global WebSocket.
      realtime: {
        transport: WebSocket as never,
        ...(vsn ? { vsn } : {}),
        ...(heartbeatIntervalMs ? { heartbeatIntervalMs } : {}),
      },
      ...(token ? { accessToken: async () => token() } : {}),
    });
    this.open.push(c);
    if (token) await c.realtime.setAuth(token());
    return c;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((c) => c.removeAllChannels()));
  }
}

export function userToken(sub: string, expiresInSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { sub, role: 'authenticated', aud: 'authenticated', iat: now, exp: now + expiresInSeconds },
    LOCAL_JWT_SECRET,
  );
}

export type Status = { status: string; error?: Error };

/** Subscribes and resolves with the first status (SUBSCRIBED, CHANNEL_ERROR, TIMED_OUT or CLOSED). */
export function subscribe(channel: RealtimeChannel): Promise<Status> {
  return new Promise((resolve) => {
    channel.subscribe((status, error) => resolve({ status, ...(error ? { error } : {}) }));
  });
}

export async function joined(channel: RealtimeChannel): Promise<RealtimeChannel> {
  const result = await subscribe(channel);
  expect(result.status, result.error?.message).toBe('SUBSCRIBED');
  return channel;
}

/** Collects broadcasts of one event and lets a test wait for the n-th. */
export function collect(channel: RealtimeChannel, event: string) {
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  channel.on('broadcast', { event }, (message) => {
    received.push(message);
    for (const w of waiters.filter((w) => received.length >= w.count)) w.resolve();
  });
  return {
    received,
    waitFor(count: number): Promise<void> {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

/** Polls a condition; rejects after a generous timeout so a broken server fails instead of hanging. */
export function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const poll = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 10);
    };
    poll();
  });
}

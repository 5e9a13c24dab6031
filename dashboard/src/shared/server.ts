import type { SyncClient } from '@breath-master/sync/client';
import { SyncError, syncErrorFromCall, toSyncError } from '@breath-master/sync/errors';
import type { SupabaseClient } from '@supabase/supabase-js';
import { env } from './env.ts';
import { lazyRetrying } from './lazy-retrying.ts';

// One sync client per tab: this browser is a device of its own (deviceKind 'web'), its anonymous
// session kept in localStorage under SESSION_KEY. Public reads (boards, global figures) are plain
// fetches to PostgREST (sent with the device's token when it has a fresh one, unless the answer is the
// same for everyone), and the live boards use the light client of public-realtime.ts, so a visitor who
// only watches the board never loads supabase-js.

export const SESSION_KEY = 'breath-master-auth';
const REQUEST_TIMEOUT_MS = 10_000;

// Offline before the chunk was ever fetched: callers get a retryable error, and the next call tries again.
const client = lazyRetrying(() =>
  import('./sync-client.ts').then(
    (m) => m.buildSyncClient(SESSION_KEY),
    (e: unknown) => {
      throw noAnswer(e);
    },
  ),
);

export function syncClient(): Promise<SyncClient> {
  return client.get();
}

/** A request that got no answer at all (offline, refused, timed out): always worth retrying. */
function noAnswer(e: unknown): SyncError {
  const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
  const message = e instanceof Error ? e.message : String(e);
  return new SyncError(timedOut ? 'timeout' : 'network_error', 'retry', 0, message);
}

/** True when this browser already holds a device session (it never creates one). */
export function hasDevice(): boolean {
  return localStorage.getItem(SESSION_KEY) !== null;
}

/** The stored access token when it is still good for a minute, else null. */
function freshToken(): string | null {
  try {
    const session = JSON.parse(localStorage.getItem(SESSION_KEY) ?? 'null') as {
      access_token?: unknown;
      expires_at?: unknown;
    } | null;
    if (typeof session?.access_token !== 'string' || typeof session.expires_at !== 'number') return null;
    return session.expires_at * 1000 - Date.now() > 60_000 ? session.access_token : null;
  } catch {
    return null;
  }
}

async function fetchRpc<T>(fn: string, args: Record<string, unknown>, token: string | null): Promise<T> {
  const { supabaseUrl, supabaseAnonKey } = env();
  let response: Response;
  try {
    response = await fetch(`${supabaseUrl}/rest/v1/rpc/${fn}`, {
      method: 'POST',
      headers: {
        apikey: supabaseAnonKey,
        authorization: `Bearer ${token ?? supabaseAnonKey}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (e) {
    throw noAnswer(e);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new SyncError('invalid_response', 'retry', response.status, `not JSON: ${text.slice(0, 80)}`);
  }
  if (!response.ok) {
    throw syncErrorFromCall({
      status: response.status,
      error: body as { code?: string; message?: string } | null,
    });
  }
  return body as T;
}

/** A read that is the same for everyone (the live boards): always anonymous, never loads the sync client. */
export function callAnonymous<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
  return fetchRpc<T>(fn, args, null);
}

/** A read anyone may make: as this device when it holds a session (so `is_me` is set), else anonymously. */
export async function callPublic<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
  if (!hasDevice()) return fetchRpc<T>(fn, args, null);
  const token = freshToken();
  if (token) return fetchRpc<T>(fn, args, token);
  return callAsDevice<T>(fn, args);
}

/** Calls an RPC as this device (signing in first when it has no session yet). */
export async function callAsDevice<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
  const sync = await syncClient();
  await sync.ensureSession();
  let answer: Awaited<ReturnType<SupabaseClient['rpc']>>;
  try {
    answer = await sync.supabase.rpc(fn, args);
  } catch (e) {
    throw e instanceof TypeError || (e instanceof Error && e.name === 'TimeoutError')
      ? noAnswer(e)
      : toSyncError(e);
  }
  if (answer.error) throw syncErrorFromCall({ status: answer.status, error: answer.error });
  return answer.data as T;
}

import { env } from '../../../shared/env.ts';

// Every admin call is sent with the service_role key the operator typed in, as both the API key and the
// bearer token. The key is passed in by the caller on each call and never stored here: the page keeps it in
// React state, so it lives in this tab's memory only (no localStorage, no URL, gone on reload).

const REQUEST_TIMEOUT_MS = 15_000;

/** A refused or failed admin call, with a stable code the page turns into a sentence. */
export class AdminError extends Error {
  constructor(
    /** `key_refused` (the gateway does not know the key), `not_service_role` (a valid key without the
     * rights), `network_error`, or the server's own stable code (`player_not_found`, …). */
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

function headers(key: string): Record<string, string> {
  return { apikey: key, authorization: `Bearer ${key}` };
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (e) {
    throw new AdminError('network_error', 0, e instanceof Error ? e.message : String(e));
  }
}

/** The error an answer carries: PostgREST's body `{ code, message }`, or the API gateway's refusal. */
function errorOf(status: number, body: { code?: unknown; message?: unknown } | null): AdminError {
  const message = typeof body?.message === 'string' ? body.message : `HTTP ${status}`;
  // 42501: the role behind the key holds no EXECUTE (anon → 401, authenticated → 403).
  if (body?.code === '42501') return new AdminError('not_service_role', status, message);
  // PostgREST's PGRST3xx are JWT errors; a 401 without a PostgREST code is the gateway refusing the key.
  if (status === 401) return new AdminError('key_refused', status, message);
  if (typeof body?.code === 'string' && /^PT\d{3}$/.test(body.code)) {
    return new AdminError(message, status, typeof body.message === 'string' ? body.message : message);
  }
  return new AdminError(typeof body?.code === 'string' ? body.code : 'server_error', status, message);
}

/** Calls public.<fn> as service_role. */
export async function adminCall<T>(key: string, fn: string, args: Record<string, unknown> = {}): Promise<T> {
  const response = await send(`${env().supabaseUrl}/rest/v1/rpc/${fn}`, {
    method: 'POST',
    headers: { ...headers(key), 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new AdminError('invalid_response', response.status, `not JSON: ${text.slice(0, 80)}`);
  }
  if (!response.ok) throw errorOf(response.status, body as { code?: unknown; message?: unknown } | null);
  return body as T;
}

/** What the local stack's gateway reports at GET /realtime/v1/api/stats (hosted Supabase has no such route). */
export interface RealtimeStats {
  readonly sockets: number;
  readonly channels: number;
  readonly users: number;
  readonly eventsPerSecond: number;
  readonly joinsPerSecond: number;
  readonly limits: { readonly maxConcurrentUsers?: number; readonly maxEventsPerSecond?: number };
  readonly triggered: { readonly events: boolean; readonly joins: boolean; readonly presence: boolean };
}

/** Realtime connection figures where the backend reports them, else null (hosted Supabase: use its metrics). */
export async function fetchRealtimeStats(key: string): Promise<RealtimeStats | null> {
  const response = await send(`${env().supabaseUrl}/realtime/v1/api/stats`, { headers: headers(key) });
  if (!response.ok) return null;
  const body = (await response.json().catch(() => null)) as RealtimeStats | null;
  return body !== null && typeof body.sockets === 'number' ? body : null;
}

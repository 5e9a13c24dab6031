/**
 * Every failure of a sync call becomes a SyncError with a stable snake_case code and a kind:
 * `final` failures are reported and not retried (the same request would fail the same way);
 * `retry` failures are transient and the scheduler tries again later with backoff.
 */
export type SyncErrorKind = 'final' | 'retry';

/** Codes produced by the client itself; server codes (e.g. `too_many_days`) pass through unchanged. */
export const clientErrorCodes = [
  'network_error',
  'timeout',
  'server_error',
  'rate_limited',
  'unauthorized',
  'forbidden',
  'auth_failed',
  'invalid_response',
  'not_signed_in',
  'invalid_input',
  'unknown_error',
] as const;
export type ClientErrorCode = (typeof clientErrorCodes)[number];

export class SyncError extends Error {
  override readonly name = 'SyncError';
  constructor(
    /** Stable snake_case code: a server code such as `pairing_code_invalid`, or a client code. */
    readonly code: string,
    readonly kind: SyncErrorKind,
    /** HTTP status when the server answered; 0 when no answer arrived. */
    readonly status: number,
    message?: string,
  ) {
    super(message ?? code);
  }
}

export function isSyncError(e: unknown): e is SyncError {
  return e instanceof SyncError;
}

/** What a supabase-js call leaves behind when it fails: a PostgrestError-like body and the HTTP status. */
export interface FailedCall {
  readonly status: number;
  readonly error: { readonly code?: string | null; readonly message?: string | null } | null;
}

const snakeCode = /^[a-z][a-z0-9_]*$/;

/**
 * The one place that decides retry versus final.
 * Status 0 means the request never got an answer (offline, refused, reset, timed out).
 */
export function classifyStatus(status: number): SyncErrorKind {
  if (status === 0 || status === 408 || status === 429 || status >= 500) return 'retry';
  return 'final';
}

/** Turns a failed supabase-js response into a SyncError, keeping the server's stable code when it has one. */
export function syncErrorFromCall(call: FailedCall): SyncError {
  const kind = classifyStatus(call.status);
  const serverMessage = call.error?.message ?? '';
  const serverCode = call.error?.code ?? '';
  const isAppError = /^PT4\d\d$/.test(serverCode) && snakeCode.test(serverMessage);
  let code: string;
  if (isAppError) code = serverMessage;
  else if (call.status === 0) code = /abort|timeout/i.test(serverMessage) ? 'timeout' : 'network_error';
  else if (call.status === 401) code = 'unauthorized';
  else if (call.status === 403) code = 'forbidden';
  else if (call.status === 429) code = 'rate_limited';
  else if (call.status >= 500 || call.status === 408) code = 'server_error';
  else code = serverCode ? `http_${call.status}` : 'unknown_error';
  return new SyncError(code, kind, call.status, serverMessage || code);
}

/**
 * Classifies anything thrown by or around a sync call. Unknown throwables (a bug, a TypeError from
 * fetch) count as network trouble only when they look like it; everything else is final so that
 * a programming error is reported instead of retried forever.
 */
export function classifySyncError(e: unknown): SyncErrorKind {
  if (isSyncError(e)) return e.kind;
  if (typeof e === 'object' && e !== null && 'status' in e && typeof e.status === 'number') {
    return classifyStatus(e.status);
  }
  if (e instanceof TypeError && /fetch failed|network/i.test(e.message)) return 'retry';
  if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) return 'retry';
  return 'final';
}

/** Normalises any throwable into a SyncError (already-typed errors pass through). */
export function toSyncError(e: unknown): SyncError {
  if (isSyncError(e)) return e;
  const kind = classifySyncError(e);
  const message = e instanceof Error ? e.message : String(e);
  return new SyncError(kind === 'retry' ? 'network_error' : 'unknown_error', kind, 0, message);
}

import { isAuthApiError, isAuthRetryableFetchError } from '@supabase/supabase-js';
import { classifyStatus, SyncError } from './errors.ts';

/**
 * Refresh failures that mean the stored session can never work again (revoked, deleted,
 * rotated away by another process). The only way forward is a new anonymous sign-in.
 */
const deadSessionCodes = new Set([
  'session_not_found',
  'session_expired',
  'refresh_token_not_found',
  'refresh_token_already_used',
  'user_not_found',
  'bad_jwt',
]);

export function isDeadSessionError(error: unknown): boolean {
  if (!isAuthApiError(error)) return false;
  if (error.code !== undefined && deadSessionCodes.has(error.code)) return true;
  // Older servers answer a revoked refresh token with a bare 400/401/403 and no code.
  return error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/** Maps an auth-js error to a SyncError: network trouble and 5xx are retried, the rest is final. */
export function syncErrorFromAuth(error: unknown): SyncError {
  if (isAuthRetryableFetchError(error)) return new SyncError('network_error', 'retry', 0, error.message);
  if (isAuthApiError(error)) {
    const status = error.status;
    const kind = classifyStatus(status);
    const code = status === 429 ? 'rate_limited' : kind === 'retry' ? 'server_error' : 'auth_failed';
    return new SyncError(code, kind, status, error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SyncError('auth_failed', 'final', 0, message);
}

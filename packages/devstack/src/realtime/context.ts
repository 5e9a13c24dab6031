import type { JwtClaims } from '../gateway/jwt.ts';
import type { Authorize } from './authorization.ts';
import type { PresenceRegistry } from './presence.ts';
import type { TopicRegistry } from './topics.ts';

/** What every socket shares: the topic registry, presence, token checks and RLS authorisation. */
export interface RealtimeContext {
  readonly topics: TopicRegistry;
  readonly presence: PresenceRegistry;
  readonly jwtSecret: string;
  readonly authorize: Authorize;
  readonly log: (line: string) => void;
  nextSubscriptionId(): number;
}

/** Bytes queued on one socket beyond which the client is too slow to keep: it is dropped. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** A socket that sent nothing (not even a heartbeat) for this long is dropped. */
export const HEARTBEAT_TIMEOUT_MS = 60_000;

export function roleOf(claims: JwtClaims): string {
  return typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon';
}

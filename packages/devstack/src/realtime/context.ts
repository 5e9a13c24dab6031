import type { JwtClaims } from '../gateway/jwt.ts';
import type { Authorize } from './authorization.ts';
import type { LimitCounters } from './limits.ts';
import type { PresenceRegistry } from './presence.ts';
import type { TopicRegistry } from './topics.ts';

/** What every socket shares: the topic registry, presence, token checks and RLS authorisation. */
export interface RealtimeContext {
  readonly topics: TopicRegistry;
  readonly presence: PresenceRegistry;
  readonly jwtSecret: string;
  readonly authorize: Authorize;
  /** The project's Realtime quotas and their counters. */
  readonly limits: LimitCounters;
  readonly log: (line: string) => void;
  /** Bytes queued on one socket beyond which the client is too slow to keep: it is dropped. */
  readonly maxBufferedBytes: number;
  nextSubscriptionId(): number;
}

export function roleOf(claims: JwtClaims): string {
  return typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon';
}

export function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

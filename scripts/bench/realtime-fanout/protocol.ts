// Messages between the fan-out benchmark and its child processes (Node IPC, structured clone).

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

export interface StackReady {
  type: 'ready';
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
}

/** How stack-process.ts starts its stack (passed as JSON on its command line). */
export interface StackOptions {
  /** Migrations to apply instead of supabase/migrations (e.g. a copy holding an older schema). */
  migrationsDir?: string;
  /** Gateway settings on top of startTestStack's (JSON-serialisable ones only). */
  gateway?: Record<string, unknown>;
}

export type FromStack = StackReady | { type: 'failed'; error: string } | { type: 'stopped' };

export type SubscriberKind = 'leaderboard' | 'team';

export interface SubscriberSpec {
  kind: SubscriberKind;
  topic: string;
  private: boolean;
  event: string;
  /** The device's access token; visitors on the public leaderboard use the anon key. */
  token: string | null;
}

/** One push as the pusher saw it; `key` is how its broadcast is recognised (`player_id:total_xp`). */
export interface PushRecord {
  key: string;
  sentAt: number;
  respondedAt: number;
  /** Best bound on its commit: the earlier of the witness seeing its broadcast and the response; NaN until known. */
  committedAt: number;
}

export type ToWitness =
  | { type: 'listen'; dbUrl: string }
  | { type: 'reset' }
  | { type: 'collect' }
  | { type: 'stop' };

export type FromWitness =
  | { type: 'listening' }
  | { type: 'reset-done' }
  | { type: 'seen'; firstSeen: Map<string, number> }
  | { type: 'failed'; error: string };

export type ToSubscribers =
  | { type: 'connect'; apiUrl: string; anonKey: string; specs: SubscriberSpec[]; concurrency: number }
  | { type: 'reset' }
  | { type: 'count' }
  | { type: 'span'; keys: string[] }
  | { type: 'collect'; pushes: PushRecord[] }
  | { type: 'stop' };

export interface KindResult {
  subscribers: number;
  expected: number;
  received: number;
  lost: number;
  /** Subscribers that missed at least one event. */
  subscribersWithLoss: number;
  duplicates: number;
  /** Events of the subscribed kind that match no measured push (late warm-up events, strays). */
  unexpected: number;
  /** Receipt time minus the commit as the witness saw it, one per received event. */
  fromCommit: Float64Array;
  /** Receipt time minus the push's response arrival. */
  fromResponse: Float64Array;
  /** Receipt time minus the push's request send. */
  fromSend: Float64Array;
}

export type FromSubscribers =
  | { type: 'progress'; joined: number }
  | { type: 'connected'; joined: number; failures: string[] }
  | { type: 'reset-done' }
  | { type: 'count'; received: number }
  | { type: 'result'; byKind: Partial<Record<SubscriberKind, KindResult>> }
  /** Per push asked about, in that order: its earliest and latest receipt in this process (NaN: none). */
  | { type: 'span'; firstReceipt: Float64Array; lastReceipt: Float64Array }
  | { type: 'failed'; error: string };

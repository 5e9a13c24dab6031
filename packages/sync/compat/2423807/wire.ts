import { SyncError } from './errors.ts';

/** One device's counters for one local day, as `sync_progress` accepts them. */
export interface DayCounters {
  readonly day: string;
  readonly xp: number;
  readonly cycles: number;
  readonly seconds: number;
}

/** The server's `my_stats` object (see ARCHITECTURE.md, RPC surface). */
export interface MyStats {
  readonly player_id: string;
  readonly handle: string;
  readonly show_on_leaderboard: boolean;
  readonly total_xp: number;
  readonly level: number;
  readonly total_cycles: number;
  readonly total_seconds: number;
  readonly active_days: number;
  readonly current_streak: number;
  readonly longest_streak: number;
  readonly last_active_day: string | null;
  readonly week_start: string | null;
  readonly weekly_xp: number;
  readonly device_count: number;
}

export interface DeviceInfo {
  readonly kind: string;
  readonly created_at: string;
  readonly last_sync_at: string | null;
  readonly is_current: boolean;
}

export interface MyProgress {
  readonly stats: MyStats;
  readonly daily: readonly DayCounters[];
  readonly devices: readonly DeviceInfo[];
  readonly achievements: readonly { readonly id: string; readonly unlocked_on: string }[];
}

export interface PairingCode {
  readonly code: string;
  readonly expires_at: string;
}

function invalid(what: string): SyncError {
  return new SyncError('invalid_response', 'final', 200, `the server answered with an unexpected ${what}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PostgREST returns a composite or jsonb result either as the object or as a one-row array. */
function unwrap(value: unknown): unknown {
  return Array.isArray(value) && value.length === 1 ? value[0] : value;
}

export function parseMyStats(value: unknown): MyStats {
  const v = unwrap(value);
  if (!isRecord(v) || typeof v.player_id !== 'string' || typeof v.total_xp !== 'number')
    throw invalid('my_stats');
  return v as unknown as MyStats;
}

export function parseMyProgress(value: unknown): MyProgress {
  const v = unwrap(value);
  if (!isRecord(v) || !Array.isArray(v.daily)) throw invalid('progress');
  return {
    stats: parseMyStats(v.stats),
    daily: v.daily as DayCounters[],
    devices: Array.isArray(v.devices) ? (v.devices as DeviceInfo[]) : [],
    achievements: Array.isArray(v.achievements) ? (v.achievements as MyProgress['achievements']) : [],
  };
}

export function parsePairingCode(value: unknown): PairingCode {
  const v = unwrap(value);
  if (!isRecord(v) || typeof v.code !== 'string' || typeof v.expires_at !== 'string')
    throw invalid('pairing code');
  return { code: v.code, expires_at: v.expires_at };
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks what a device is about to send, so that a bug in the caller fails here with a clear
 * final error instead of being retried against the server forever.
 */
export function assertPushable(days: readonly DayCounters[], today: string): void {
  if (!dayPattern.test(today))
    throw new SyncError('invalid_input', 'final', 0, `today must be YYYY-MM-DD, got ${today}`);
  if (days.length > 31)
    throw new SyncError('too_many_days', 'final', 0, `at most 31 days per push, got ${days.length}`);
  for (const d of days) {
    const counters = [d.xp, d.cycles, d.seconds];
    if (!dayPattern.test(d.day) || counters.some((n) => !Number.isFinite(n) || n < 0)) {
      throw new SyncError('invalid_input', 'final', 0, `bad day counters: ${JSON.stringify(d)}`);
    }
  }
}

/**
 * The local progress record: one versioned object a device stores (VS Code globalState, the browser's storage).
 * Its daily counters are what sync pushes; the rest stays on the device. Sync never writes it.
 */

import type { AchievementId, SessionEntry } from '../achievements.ts';
import type { DeviceDays } from '../counters.ts';

export const PROGRESS_VERSION = 2;

/** Sessions kept for local achievements (ten-in-a-week needs at most the last ten). */
export const MAX_SESSION_HISTORY = 50;

/** Days kept in `dailyBonusDays` before the newest one: sessions only ever land on today or yesterday. */
export const DAILY_BONUS_MEMORY_DAYS = 31;

export interface ProgressRecord {
  readonly version: typeof PROGRESS_VERSION;
  /** This device's counters per local day. */
  readonly deviceDays: DeviceDays;
  /** Days whose first-session bonus (+10) was given, so it is given once. */
  readonly dailyBonusDays: readonly string[];
  /** The latest sessions, oldest first, at most MAX_SESSION_HISTORY. */
  readonly sessions: readonly SessionEntry[];
  /** Every pattern id ever used, in first-use order. */
  readonly patternsTried: readonly string[];
  /** Unlocked achievements with the local day of unlocking; entries are never removed. */
  readonly achievements: Readonly<Partial<Record<AchievementId, string>>>;
  /** True while changes are waiting for a push. */
  readonly dirty: boolean;
}

export function emptyProgress(): ProgressRecord {
  return {
    version: PROGRESS_VERSION,
    deviceDays: {},
    dailyBonusDays: [],
    sessions: [],
    patternsTried: [],
    achievements: {},
    dirty: false,
  };
}

/** After a successful push of the current record. */
export function markSynced(record: ProgressRecord): ProgressRecord {
  return record.dirty ? { ...record, dirty: false } : record;
}

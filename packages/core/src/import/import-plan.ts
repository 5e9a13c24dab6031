/** What a file would bring into local progress, read from either export format, before anything is changed. */

import type { AchievementId } from '../achievements.ts';
import type { DeviceDays } from '../counters.ts';

export type ImportFormat = 'export' | 'legacy-0.3';

export interface ImportTotals {
  readonly days: number;
  readonly xp: number;
  readonly cycles: number;
  readonly seconds: number;
}

export interface ImportPlan {
  readonly format: ImportFormat;
  /** The product version that wrote the file, when it says (0.3's "0.3.4"). */
  readonly writtenBy: string | null;
  /** When the file was written, as the file says (ISO 8601), or null. */
  readonly exportedAt: string | null;
  /** Counters per local day; every day passes isPlausibleDay. */
  readonly deviceDays: DeviceDays;
  readonly dailyBonusDays: readonly string[];
  readonly patternsTried: readonly string[];
  readonly achievements: Readonly<Partial<Record<AchievementId, string>>>;
  /** The sums of `deviceDays`. */
  readonly totals: ImportTotals;
  /**
   * What the file counts but no session places on a day (0.3 totals beyond its session log): told to the person,
   * never put on an invented day. Null for this product's exports, which hold days only.
   */
  readonly unattributed: { readonly xp: number; readonly seconds: number } | null;
  /**
   * The player the exporting device synced to (the server part of this product's export), or null. Its days
   * already count on that player through that device, so another device of the same player must not carry them.
   */
  readonly syncedPlayerId: string | null;
  /** What was held back so each day stays within the server's plausibility bound. */
  readonly capped: { readonly xp: number; readonly cycles: number; readonly seconds: number };
}

export function totalsOf(days: DeviceDays): ImportTotals {
  let xp = 0;
  let cycles = 0;
  let seconds = 0;
  let count = 0;
  for (const c of Object.values(days)) {
    xp += c.xp;
    cycles += c.cycles;
    seconds += c.seconds;
    count += 1;
  }
  return { days: count, xp, cycles, seconds };
}

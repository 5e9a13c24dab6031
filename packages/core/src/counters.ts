/**
 * Daily counters (ARCHITECTURE.md "Sync model"): per device and local day, `xp`, `cycles` and `seconds`, which only
 * grow. The server keeps the per-counter maximum it has seen, so merging is a maximum too.
 */

import { addDays, isDay } from './days.ts';

export interface DayCounters {
  readonly xp: number;
  readonly cycles: number;
  readonly seconds: number;
}

/** One device's counters by local day ('YYYY-MM-DD'). */
export type DeviceDays = Readonly<Record<string, DayCounters>>;

/** A day's counters as a push carries them (the `days` array of `sync_progress`). */
export interface DayRow extends DayCounters {
  readonly day: string;
}

export const EMPTY_DAY: DayCounters = { xp: 0, cycles: 0, seconds: 0 };

/** packages/core/RULES.md: a day is active when it holds at least 60 s of breathing. */
export const ACTIVE_DAY_SECONDS = 60;

/** The most seconds one device can record for one day. */
export const MAX_DAY_SECONDS = 86_400;

/** Days a push carries before today (ARCHITECTURE.md: "the last 30 days"; the server accepts today − 30 … today). */
export const PUSH_WINDOW_DAYS = 30;

/** Per-counter maximum of two days. */
export function maxDay(a: DayCounters, b: DayCounters): DayCounters {
  return {
    xp: Math.max(a.xp, b.xp),
    cycles: Math.max(a.cycles, b.cycles),
    seconds: Math.max(a.seconds, b.seconds),
  };
}

/**
 * The same device seen twice (a retry, a copy on another store): the maximum per day and per counter, as the
 * server's `greatest()` upsert does. Idempotent, commutative and associative, and never below either side.
 */
export function mergeDeviceDays(a: DeviceDays, b: DeviceDays): DeviceDays {
  const out: Record<string, DayCounters> = { ...a };
  for (const [day, counters] of Object.entries(b)) {
    const mine = out[day];
    out[day] = mine ? maxDay(mine, counters) : counters;
  }
  return out;
}

/** Adds counters (several devices' figures for one day). */
export function addCounters(a: DayCounters, b: DayCounters): DayCounters {
  return { xp: a.xp + b.xp, cycles: a.cycles + b.cycles, seconds: a.seconds + b.seconds };
}

/** A player's per-day figures: the sum over its devices. */
export function sumDeviceDays(devices: readonly DeviceDays[]): DeviceDays {
  const out: Record<string, DayCounters> = {};
  for (const device of devices) {
    for (const [day, counters] of Object.entries(device))
      out[day] = addCounters(out[day] ?? EMPTY_DAY, counters);
  }
  return out;
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/**
 * The server's plausibility check for one device-day, exactly (packages/core/RULES.md "XP"): non-negative integers,
 * `xp ≤ ceil(seconds / 3) + 10`, `seconds ≤ 86,400` and `cycles × 4 ≤ seconds + 60`.
 */
export function isPlausibleDay(c: DayCounters): boolean {
  return (
    isCount(c.xp) &&
    isCount(c.cycles) &&
    isCount(c.seconds) &&
    c.seconds <= MAX_DAY_SECONDS &&
    c.xp <= Math.ceil(c.seconds / 3) + 10 &&
    c.cycles * 4 <= c.seconds + 60
  );
}

export function isActiveDay(c: DayCounters): boolean {
  return c.seconds >= ACTIVE_DAY_SECONDS;
}

/**
 * What a push sends: the days from `today − windowDays` through `today`, oldest first. Days after `today`
 * (a clock that ran ahead) stay local: the server would refuse them.
 */
export function recentDays(days: DeviceDays, today: string, windowDays = PUSH_WINDOW_DAYS): DayRow[] {
  const from = addDays(today, -windowDays);
  return Object.entries(days)
    .filter(([day]) => isDay(day) && day >= from && day <= today)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, c]) => ({ day, xp: c.xp, cycles: c.cycles, seconds: c.seconds }));
}

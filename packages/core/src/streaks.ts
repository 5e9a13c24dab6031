/**
 * Streaks and streak freezes (packages/core/RULES.md "Days and streaks"), derived from the set of active days alone so every
 * device and the server agree. The SQL function `private.streak_runs` walks the days the same way, step by step.
 */

import { addDays, DayError, daysBetween, isDay } from './days.ts';

/** packages/core/RULES.md: every 7th consecutive active day of a run earns a freeze… */
export const FREEZE_EVERY_DAYS = 7;
/** …and at most 2 are held. */
export const MAX_FREEZES = 2;

export interface StreakRunDay {
  readonly day: string;
  /** Length of the run this day belongs to, counted at this day (frozen days add nothing). */
  readonly run: number;
  /** Freezes held after this day. */
  readonly freezes: number;
}

function distinctSortedDays(days: Iterable<string>): string[] {
  const set = new Set<string>();
  for (const day of days) {
    if (!isDay(day)) throw new DayError(day);
    set.add(day);
  }
  return [...set].sort();
}

/** For each active day (distinct, in order): the run length at that day and the freezes then held. */
export function streakRuns(activeDays: Iterable<string>): StreakRunDay[] {
  const out: StreakRunDay[] = [];
  let previous: string | null = null;
  let run = 0;
  let freezes = 0;
  for (const day of distinctSortedDays(activeDays)) {
    const inactiveBetween = previous === null ? Number.POSITIVE_INFINITY : daysBetween(previous, day) - 1;
    if (inactiveBetween === 0) {
      // 1. The next calendar day: the run goes on.
      run += 1;
    } else if (inactiveBetween === 1 && freezes > 0) {
      // 2. A single inactive day between active days consumes a freeze; the frozen day adds nothing to the length.
      freezes -= 1;
      run += 1;
    } else {
      // 3. The first day, a single inactive day without a freeze, or two inactive days in a row: a new run.
      run = 1;
      freezes = 0;
    }
    // 4. Every 7th active day of a run earns a freeze, up to the maximum held.
    if (run % FREEZE_EVERY_DAYS === 0) freezes = Math.min(freezes + 1, MAX_FREEZES);
    out.push({ day, run, freezes });
    previous = day;
  }
  return out;
}

export interface Streaks {
  /** The run ending today or yesterday; 0 otherwise. */
  readonly current: number;
  /** The longest run ever (up to today). */
  readonly longest: number;
  /** Freezes the current run holds (0 when there is no current run). */
  readonly freezesHeld: number;
}

/**
 * Current and longest streak as of the local day `today`. Active days after `today` are ignored (a device clock
 * that ran ahead). The current run is the one whose last active day is today or yesterday.
 */
export function computeStreaks(activeDays: Iterable<string>, today: string): Streaks {
  if (!isDay(today)) throw new DayError(today);
  const runs = streakRuns([...activeDays].filter((d) => !isDay(d) || d <= today));
  let longest = 0;
  for (const r of runs) longest = Math.max(longest, r.run);
  const last = runs.at(-1);
  const alive = last !== undefined && last.day >= addDays(today, -1);
  return { current: alive ? last.run : 0, longest, freezesHeld: alive ? last.freezes : 0 };
}

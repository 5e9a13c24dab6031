/** XP, rules version 1 (packages/core/RULES.md "XP"). */

import { type DayCounters, MAX_DAY_SECONDS } from './counters.ts';
import { cycleSeconds, type Pattern } from './patterns.ts';
import type { SessionSummary } from './session-view.ts';

export const RULES_VERSION = 1;

/** packages/core/RULES.md: each completed cycle earns `max(1, floor(cycle_seconds / 4))` XP (box 4, 4-7-8 4, coherent 2, calm 2, sigh 2). */
export function xpPerCycle(pattern: Pattern | number): number {
  const seconds = typeof pattern === 'number' ? pattern : cycleSeconds(pattern);
  return Math.max(1, Math.floor(seconds / 4));
}

/** Seconds of breathing a session (or a day's first session) needs for a bonus. */
export const BONUS_MIN_SECONDS = 60;
export const LONG_SESSION_SECONDS = 300;
export const SESSION_BONUS_XP = 5;
export const LONG_SESSION_BONUS_XP = 15;
export const DAILY_BONUS_XP = 10;

/** packages/core/RULES.md: once per session when it ends, +5 at ≥ 60 s of breathing, +15 instead at ≥ 300 s. */
export function sessionBonus(seconds: number): number {
  if (seconds >= LONG_SESSION_SECONDS) return LONG_SESSION_BONUS_XP;
  if (seconds >= BONUS_MIN_SECONDS) return SESSION_BONUS_XP;
  return 0;
}

export interface XpBreakdown {
  /** cycles × xpPerCycle. */
  readonly cycles: number;
  /** The session bonus (0, 5 or 15). */
  readonly session: number;
  /** The first-session-of-the-day bonus (0 or 10). */
  readonly daily: number;
  /** XP held back so the day stays within the plausibility bound (0 unless the day is already full). */
  readonly capped: number;
}

export interface SessionAward {
  /** XP added to the day: cycles + session + daily − capped. */
  readonly xp: number;
  readonly breakdown: XpBreakdown;
  readonly dayAfter: DayCounters;
  /** Whether the day's first-session bonus has been given once this session is counted. */
  readonly dailyBonusGiven: boolean;
}

/**
 * Adds a finished session to its day's counters (the day it started on) and says what it earned.
 *
 * - cycles × `max(1, floor(cycle_seconds / 4))`, plus the session bonus, plus +10 when this is the first session
 *   of the day that reaches 60 s (`dailyBonusGiven` says whether an earlier one already did).
 * - Per session these add at most `seconds / 3` (cycles: ≤ 1 XP per 4 s, since a cycle lasts ≥ 4 s; bonus:
 *   ≤ 1 XP per 12 s), so a day stays within the server's bound `xp ≤ ceil(seconds / 3) + 10`.
 * - A device-day holds at most 86,400 s. Sessions all belong to their start day, so one left running for a whole
 *   day could overfill it; the counters are then capped at the plausibility check (seconds at 86,400, cycles at
 *   (seconds + 60) / 4, XP at ceil(seconds / 3) + 10) rather than producing a day the server would refuse.
 */
export function awardSession(
  dayBefore: DayCounters,
  summary: SessionSummary,
  dailyBonusGiven: boolean,
): SessionAward {
  const seconds = Math.max(0, Math.floor(summary.seconds));
  const cycles = Math.max(0, Math.floor(summary.cycles));
  const earnsDaily = !dailyBonusGiven && seconds >= BONUS_MIN_SECONDS;
  const cycleXp = cycles * xpPerCycle(summary.cycleSeconds);
  const session = sessionBonus(seconds);
  const daily = earnsDaily ? DAILY_BONUS_XP : 0;
  const dayTotalSeconds = Math.min(MAX_DAY_SECONDS, dayBefore.seconds + seconds);
  const dayCycles = Math.min(Math.floor((dayTotalSeconds + 60) / 4), dayBefore.cycles + cycles);
  const uncappedXp = dayBefore.xp + cycleXp + session + daily;
  const dayXp = Math.min(Math.ceil(dayTotalSeconds / 3) + 10, uncappedXp);
  // Counters only grow: a day that was already over a bound keeps its value rather than shrinking.
  const dayAfter: DayCounters = {
    xp: Math.max(dayBefore.xp, dayXp),
    cycles: Math.max(dayBefore.cycles, dayCycles),
    seconds: Math.max(dayBefore.seconds, dayTotalSeconds),
  };
  const xp = dayAfter.xp - dayBefore.xp;
  return {
    xp,
    breakdown: { cycles: cycleXp, session, daily, capped: cycleXp + session + daily - xp },
    dayAfter,
    dailyBonusGiven: dailyBonusGiven || earnsDaily,
  };
}

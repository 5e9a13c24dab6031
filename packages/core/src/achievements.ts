/** Achievements (packages/core/RULES.md "Achievements"): synced ones follow from daily counters, local ones from sessions. */

import { type DeviceDays, isActiveDay } from './counters.ts';
import { isDay, weekStart } from './days.ts';
import { levelStartXp } from './levels.ts';
import { type BuiltInPatternId, CUSTOM_PATTERN_ID } from './patterns.ts';
import { streakRuns } from './streaks.ts';

export type SyncedAchievementId =
  | 'first-breath'
  | 'five-minutes'
  | 'streak-3'
  | 'streak-7'
  | 'streak-30'
  | 'streak-100'
  | 'cycles-100'
  | 'cycles-1000'
  | 'cycles-10000'
  | 'level-5'
  | 'level-10'
  | 'level-20'
  | 'team-goal';

/**
 * Explorer's set: the five patterns it was defined with. Breath Master 0.3's patterns joined later; counting them
 * would move the goal for everyone partway to it, so they are extra rather than required.
 */
export const EXPLORER_PATTERN_IDS: readonly BuiltInPatternId[] = [
  'box',
  'relax-478',
  'coherent',
  'calm',
  'sigh',
];

export type LocalAchievementId = 'every-pattern' | 'custom-pattern' | 'ten-in-a-week';
export type AchievementId = SyncedAchievementId | LocalAchievementId;

export interface AchievementInfo {
  readonly id: AchievementId;
  readonly title: string;
  readonly description: string;
  readonly synced: boolean;
}

const a = (id: AchievementId, title: string, description: string, synced = true): AchievementInfo => ({
  id,
  title,
  description,
  synced,
});

/** Every achievement, in display order. The synced ids are the server's (`get_my_progress().achievements`). */
export const ACHIEVEMENTS: readonly AchievementInfo[] = [
  a('first-breath', 'First Breath', 'Complete your first breathing cycle.'),
  a('five-minutes', 'Five Minutes of Calm', 'Breathe for 5 minutes in one day.'),
  a('streak-3', 'Three-Day Streak', 'Breathe on 3 days in a row.'),
  a('streak-7', 'Week of Breath', 'Breathe on 7 days in a row.'),
  a('streak-30', 'Month of Calm', 'Keep a 30-day streak.'),
  a('streak-100', 'Hundred Days', 'Keep a 100-day streak.'),
  a('cycles-100', '100 Cycles', 'Complete 100 breathing cycles.'),
  a('cycles-1000', '1,000 Cycles', 'Complete 1,000 breathing cycles.'),
  a('cycles-10000', '10,000 Cycles', 'Complete 10,000 breathing cycles.'),
  a('level-5', 'Level 5', 'Reach level 5.'),
  a('level-10', 'Level 10', 'Reach level 10.'),
  a('level-20', 'Level 20', 'Reach level 20.'),
  a('team-goal', 'Team Goal Reached', 'Reach a goal together with your team.'),
  a('every-pattern', 'Explorer', 'Try Box, 4-7-8, Coherent, Calm and the physiological sigh.', false),
  a('custom-pattern', 'Your Own Rhythm', 'Breathe with a custom pattern.', false),
  a('ten-in-a-week', 'Ten in a Week', 'Finish ten sessions in one week.', false),
];

export function getAchievement(id: string): AchievementInfo | undefined {
  return ACHIEVEMENTS.find((x) => x.id === id);
}

export interface UnlockedAchievement<Id extends string = AchievementId> {
  readonly id: Id;
  /** The local day it was first reached. */
  readonly unlockedOn: string;
}

const STREAKS = [3, 7, 30, 100] as const;
const CYCLES = [100, 1000, 10000] as const;
const LEVELS = [5, 10, 20] as const;

function byDayThenId<T extends { id: string; unlockedOn: string }>(x: T, y: T): number {
  if (x.unlockedOn !== y.unlockedOn) return x.unlockedOn < y.unlockedOn ? -1 : 1;
  return x.id < y.id ? -1 : x.id > y.id ? 1 : 0;
}

/**
 * Synced achievements with the day each was first reached, from a player's per-day figures (summed over devices),
 * as the server's `private.achievements` derives them: first-breath on the first day with a cycle, five-minutes on
 * the first day with 300 s, streak-N on the first day a run reaches N, cycles-N and level-N on the first day the
 * running totals reach N cycles or levelStartXp(N) XP, team-goal on the earliest `reached_on` of a team goal.
 */
export function deriveAchievements(
  days: DeviceDays,
  options: { readonly teamGoalReachedOn?: string | null } = {},
): UnlockedAchievement<SyncedAchievementId>[] {
  const out: UnlockedAchievement<SyncedAchievementId>[] = [];
  const found = new Set<string>();
  const unlock = (id: SyncedAchievementId, day: string) => {
    if (!found.has(id)) {
      found.add(id);
      out.push({ id, unlockedOn: day });
    }
  };
  let xp = 0;
  let cycles = 0;
  for (const day of Object.keys(days).filter(isDay).sort()) {
    const c = days[day];
    if (!c) continue;
    xp += c.xp;
    cycles += c.cycles;
    if (c.cycles > 0) unlock('first-breath', day);
    if (c.seconds >= 300) unlock('five-minutes', day);
    for (const n of CYCLES) if (cycles >= n) unlock(`cycles-${n}`, day);
    for (const n of LEVELS) if (xp >= levelStartXp(n)) unlock(`level-${n}`, day);
  }
  const active = Object.entries(days)
    .filter(([day, c]) => isDay(day) && isActiveDay(c))
    .map(([day]) => day);
  for (const r of streakRuns(active)) for (const n of STREAKS) if (r.run >= n) unlock(`streak-${n}`, r.day);
  if (options.teamGoalReachedOn && isDay(options.teamGoalReachedOn))
    unlock('team-goal', options.teamGoalReachedOn);
  return out.sort(byDayThenId);
}

/** What local achievements need to know about one past session. */
export interface SessionEntry {
  readonly day: string;
  /** Null for sessions recorded before patterns were kept. */
  readonly patternId: string | null;
}

/** Sessions started within one ISO week (Monday to Sunday) for ten-in-a-week. */
export const SESSIONS_IN_A_WEEK = 10;

/**
 * Local achievements from a device's session history: every-pattern on the day the last missing built-in pattern
 * was used, custom-pattern on the first custom session, ten-in-a-week on the day the tenth session of one ISO week
 * started. `patternsTried` lists patterns whose sessions may have left the (bounded) history: when they complete
 * the set, every-pattern is dated on the latest session.
 */
export function deriveLocalAchievements(
  sessions: readonly SessionEntry[],
  patternsTried: readonly string[] = [],
): UnlockedAchievement<LocalAchievementId>[] {
  const ordered = sessions
    .filter((s) => isDay(s.day))
    .sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
  const found = new Map<LocalAchievementId, string>();
  const unlock = (id: LocalAchievementId, day: string) => {
    if (!found.has(id)) found.set(id, day);
  };
  const tried = new Set<string>();
  const perWeek = new Map<string, number>();
  for (const s of ordered) {
    if (s.patternId !== null) tried.add(s.patternId);
    if (EXPLORER_PATTERN_IDS.every((id) => tried.has(id))) unlock('every-pattern', s.day);
    if (s.patternId === CUSTOM_PATTERN_ID) unlock('custom-pattern', s.day);
    const week = weekStart(s.day);
    const count = (perWeek.get(week) ?? 0) + 1;
    perWeek.set(week, count);
    if (count >= SESSIONS_IN_A_WEEK) unlock('ten-in-a-week', s.day);
  }
  const last = ordered.at(-1)?.day;
  const everyTried = EXPLORER_PATTERN_IDS.every((id) => tried.has(id) || patternsTried.includes(id));
  if (last && everyTried) unlock('every-pattern', last);
  return [...found].map(([id, unlockedOn]) => ({ id, unlockedOn })).sort(byDayThenId);
}

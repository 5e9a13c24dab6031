/** A player's figures from its devices' daily counters, computed as the server computes `my_stats`. */

import { type DeviceDays, isActiveDay, sumDeviceDays } from './counters.ts';
import { addDays, weekStart } from './days.ts';
import { type LevelInfo, levelForXp } from './levels.ts';
import { computeStreaks } from './streaks.ts';

export interface PlayerView {
  readonly totalXp: number;
  readonly totalCycles: number;
  readonly totalSeconds: number;
  /** Days whose summed seconds reach 60. */
  readonly activeDays: number;
  readonly lastActiveDay: string | null;
  readonly currentStreak: number;
  readonly longestStreak: number;
  readonly freezesHeld: number;
  /** Monday of `today`'s ISO week. */
  readonly weekStart: string;
  /** XP of the days Monday through Sunday of that week. */
  readonly weeklyXp: number;
  readonly level: LevelInfo;
}

/**
 * Sums over devices per day; a day is active when its summed seconds reach 60; totals count every day, streaks
 * ignore days after `today` (as the server's `player_stats` does).
 */
export function playerView(devicesDays: readonly DeviceDays[], today: string): PlayerView {
  const days = sumDeviceDays(devicesDays);
  const monday = weekStart(today);
  const sunday = addDays(monday, 6);
  let totalXp = 0;
  let totalCycles = 0;
  let totalSeconds = 0;
  let weeklyXp = 0;
  const active: string[] = [];
  for (const [day, c] of Object.entries(days)) {
    totalXp += c.xp;
    totalCycles += c.cycles;
    totalSeconds += c.seconds;
    if (day >= monday && day <= sunday) weeklyXp += c.xp;
    if (isActiveDay(c)) active.push(day);
  }
  active.sort();
  const streaks = computeStreaks(active, today);
  return {
    totalXp,
    totalCycles,
    totalSeconds,
    activeDays: active.length,
    lastActiveDay: active.at(-1) ?? null,
    currentStreak: streaks.current,
    longestStreak: streaks.longest,
    freezesHeld: streaks.freezesHeld,
    weekStart: monday,
    weeklyXp,
    level: levelForXp(totalXp),
  };
}

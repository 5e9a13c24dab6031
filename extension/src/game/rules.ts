/** Game rules of breathing.md v1: XP, levels, titles and streaks. */

export function xpPerCycle(cycleSeconds: number): number {
  return Math.max(1, Math.floor(cycleSeconds / 4));
}

export function sessionBonus(seconds: number): number {
  if (seconds >= 300) return 15;
  if (seconds >= 60) return 5;
  return 0;
}

export const dailyBonus = 10;
export const activeDaySeconds = 60;

/** Level n starts at 50 n (n - 1) XP. */
export function levelStart(level: number): number {
  return 50 * level * (level - 1);
}

export function levelForXp(xp: number): number {
  let level = Math.max(1, Math.floor((1 + Math.sqrt(1 + (4 * Math.max(0, xp)) / 50)) / 2));
  // Guard the square root against rounding at exact boundaries.
  while (levelStart(level + 1) <= xp) level++;
  while (level > 1 && levelStart(level) > xp) level--;
  return level;
}

const titles: readonly [number, string][] = [
  [30, 'Eternal Exhale'],
  [20, 'Serene Sage'],
  [16, 'Breath Master'],
  [12, 'Zen Engineer'],
  [8, 'Focused Flow'],
  [5, 'Calm Coder'],
  [3, 'Steady Breather'],
  [1, 'Novice Breather'],
];

export function titleForLevel(level: number): string {
  return titles.find(([from]) => level >= from)?.[1] ?? 'Novice Breather';
}

/** Days as YYYY-MM-DD, counted in UTC arithmetic so daylight saving never shifts them. */
export function addDays(day: string, delta: number): string {
  const t = Date.parse(`${day}T00:00:00Z`) + delta * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface Streaks {
  readonly current: number;
  readonly longest: number;
  readonly freezes: number;
}

/**
 * Streaks from the set of active days alone: every 7th active day of a run earns a freeze
 * (at most 2); one inactive day between active days uses a freeze; two in a row end the run.
 */
export function streaks(activeDays: ReadonlySet<string>, today: string): Streaks {
  const sorted = [...activeDays].filter((d) => d <= today).sort();
  let longest = 0;
  let length = 0;
  let freezes = 0;
  let last: string | null = null;
  for (const day of sorted) {
    if (last !== null) {
      const gap = Math.round((Date.parse(day) - Date.parse(last)) / 86_400_000) - 1;
      if (gap === 1 && freezes > 0) freezes--;
      else if (gap >= 1) {
        length = 0;
        freezes = 0;
      }
    }
    length++;
    if (length % 7 === 0) freezes = Math.min(2, freezes + 1);
    longest = Math.max(longest, length);
    last = day;
  }
  const alive = last !== null && (last === today || last === addDays(today, -1));
  return { current: alive ? length : 0, longest, freezes: alive ? freezes : 0 };
}

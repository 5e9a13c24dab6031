/**
 * The shared test vectors: hand-picked edge cases plus seeded random ones, with the expected values computed by
 * this package. The SQL functions are tested against the committed JSON; a test recomputes it so it cannot drift.
 */

import { addDays } from '../days.ts';
import { levelNumberForXp, levelStartXp } from '../levels.ts';
import { computeStreaks } from '../streaks.ts';
import { randomInt, seededRandom } from './random.ts';

export interface LevelVector {
  readonly xp: number;
  readonly level: number;
}

export interface StreakVector {
  /** What the case shows (hand-picked cases only). */
  readonly note?: string;
  readonly activeDays: readonly string[];
  readonly today: string;
  readonly current: number;
  readonly longest: number;
}

export function buildLevelVectors(): LevelVector[] {
  const xps = new Set<number>([0, 1, 99, 100, 101, 299, 300, 999, 1000, 4499, 4500, 18_999, 19_000]);
  for (let n = 2; n <= 40; n++) for (const d of [-1, 0, 1]) xps.add(levelStartXp(n) + d);
  xps.add(levelStartXp(1000));
  xps.add(levelStartXp(1000) - 1);
  const random = seededRandom(20261122);
  for (let i = 0; i < 40; i++) xps.add(randomInt(random, 0, 10 ** randomInt(random, 2, 8)));
  return [...xps].sort((a, b) => a - b).map((xp) => ({ xp, level: levelNumberForXp(xp) }));
}

/** `count` consecutive days starting at `from`. */
function run(from: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(from, i));
}

const T = '2026-06-30';
const daysBefore = (n: number) => addDays(T, -n);

function handPicked(): { note: string; activeDays: string[]; today: string }[] {
  const c = (note: string, activeDays: string[], today = T) => ({ note, activeDays, today });
  return [
    c('no active days', []),
    c('only today', [T]),
    c('only yesterday: the streak is still current', [daysBefore(1)]),
    c('only the day before yesterday: the streak has ended', [daysBefore(2)]),
    c('three days ending today', run(daysBefore(2), 3)),
    c('three days ending yesterday', run(daysBefore(3), 3)),
    c('three days ending the day before yesterday', run(daysBefore(4), 3)),
    c('six days, one inactive day, one day: no freeze yet, a new run', [...run(daysBefore(7), 6), T]),
    c('seven days earn a freeze, one inactive day consumes it', [...run(daysBefore(8), 7), T]),
    c('seven days, two inactive days: the run ends', [...run(daysBefore(9), 7), T]),
    c('seven days, frozen day, six days, inactive day: the freeze is spent', [
      ...run(daysBefore(15), 7),
      ...run(daysBefore(7), 6),
      T,
    ]),
    c('seven days, frozen day, seven days (14th earns a freeze), frozen day, today', [
      ...run(daysBefore(16), 7),
      ...run(daysBefore(8), 7),
      T,
    ]),
    c('fourteen days hold two freezes: two single gaps are bridged', [
      ...run(daysBefore(18), 14),
      daysBefore(3),
      daysBefore(1),
    ]),
    c('fourteen days, three single gaps: the third ends the run', [
      ...run(daysBefore(19), 14),
      daysBefore(4),
      daysBefore(2),
      T,
    ]),
    c('twenty-one days hold at most two freezes: the third single gap ends the run', [
      ...run(daysBefore(27), 21),
      daysBefore(5),
      daysBefore(3),
      daysBefore(1),
    ]),
    c('a frozen day yesterday does not make the streak current', [...run(daysBefore(9), 8)]),
    c('days after today are ignored', [...run(daysBefore(2), 3), addDays(T, 1), addDays(T, 2)]),
    c('duplicates and unsorted input', [T, daysBefore(1), T, daysBefore(2), daysBefore(1)]),
    c('an old long run and a short current one', [...run('2026-01-01', 30), ...run(daysBefore(1), 2)]),
    c('a hundred days', run(daysBefore(99), 100)),
    c('across a leap day', run('2024-02-27', 4), '2024-03-01'),
    c('across new year', run('2025-12-30', 4), '2026-01-02'),
  ];
}

function randomCase(random: () => number): { activeDays: string[]; today: string } {
  const today = addDays('2026-01-01', randomInt(random, 0, 364));
  const span = randomInt(random, 5, 90);
  const density = 0.5 + random() * 0.48;
  const activeDays: string[] = [];
  for (let i = span; i >= -2; i--) if (random() < density) activeDays.push(addDays(today, -i));
  return { activeDays, today };
}

export function buildStreakVectors(): StreakVector[] {
  const random = seededRandom(7);
  const cases: { note?: string; activeDays: string[]; today: string }[] = [...handPicked()];
  for (let i = 0; i < 40; i++) cases.push(randomCase(random));
  return cases.map((k) => {
    const { current, longest } = computeStreaks(k.activeDays, k.today);
    return { ...k, current, longest };
  });
}

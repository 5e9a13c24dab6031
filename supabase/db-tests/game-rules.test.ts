import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, createTestDatabase, type TestDatabase } from './support/database.ts';

// The SQL versions of packages/core/RULES.md's rules, on the examples the rules page gives and on the edge cases of the
// streak freeze. shared-vectors.test.ts holds them to packages/core on its generated vectors as well.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

async function level(xp: number): Promise<number> {
  return (
    (await db.client.query<{ l: number }>('select private.level_for_xp($1) as l', [xp])).rows[0]?.l ?? -1
  );
}

async function streaks(activeDays: string[], today: string): Promise<{ current: number; longest: number }> {
  const r = await db.client.query<{ current: number; longest: number }>(
    'select current_streak as current, longest_streak as longest from private.streak_summary($1::date[], $2::date)',
    [activeDays, today],
  );
  return r.rows[0] ?? { current: -1, longest: -1 };
}

describe('levels', () => {
  it.each([
    [0, 1],
    [99, 1],
    [100, 2],
    [299, 2],
    [300, 3],
    [600, 4],
    [1_000, 5],
    [4_499, 9],
    [4_500, 10],
    [19_000, 20],
    [18_999, 19],
  ])('%i XP is level %i', async (xp, expected) => {
    expect(await level(xp)).toBe(expected);
  });

  it('starts level n at exactly 50 n (n - 1) XP for the first 2,000 levels', async () => {
    const wrong = await db.client.query(`
      select n from generate_series(1, 2000) n
      where private.level_for_xp(50::bigint * n * (n - 1)) <> n or private.level_for_xp(50::bigint * n * (n - 1) - 1) <> greatest(n - 1, 1)`);
    expect(wrong.rows).toEqual([]);
  });
});

describe('streaks', () => {
  const today = '2026-03-15';
  /** Active days given as offsets from today. */
  const days = (...offsets: number[]) => offsets.map((o) => addDays(today, o));
  const run = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it.each([
    ['no active days', days(), 0, 0],
    ['only today', days(0), 1, 1],
    ['only yesterday: still current', days(-1), 1, 1],
    ['last active two days ago: broken', days(-2), 0, 1],
    ['three days in a row', days(-2, -1, 0), 3, 3],
    ['a gap without a freeze restarts the run', days(...run(-7, -2), 0), 1, 6],
    ['7 days earn a freeze that bridges one missed day', days(...run(-8, -2), 0), 8, 8],
    ['a freeze never bridges two missed days', days(...run(-9, -3), 0), 1, 7],
    [
      'two freezes bridge two separate gaps, a third gap ends the run',
      days(...run(-19, -6), -4, -2, 0),
      1,
      16,
    ],
    ['at most two freezes are held', days(...run(-27, -7), -5, -3, -1), 1, 23],
    [
      'the frozen day adds nothing and a new 7th day earns again',
      days(...run(-15, -9), ...run(-7, -2), 0),
      1,
      13,
    ],
    ['days after today are ignored', days(-1, 0, 1, 2), 2, 2],
  ])('%s', async (_name, active, current, longest) => {
    expect(await streaks(active, today)).toEqual({ current, longest });
  });
});

describe('plausibility (packages/core/RULES.md "XP")', () => {
  it('accepts exactly xp <= ceil(seconds / 3) + 10, cycles * 4 <= seconds + 60, 0 <= seconds <= 86400', async () => {
    const disagreements = await db.client.query(`
      select xp, cycles, seconds from
        generate_series(-1, 40) xp, generate_series(-1, 30) cycles, unnest(array[-1, 0, 1, 2, 3, 59, 60, 61, 86400, 86401]) seconds
      where private.counters_are_plausible(xp, cycles, seconds) is distinct from (
        xp >= 0 and cycles >= 0 and seconds >= 0 and seconds <= 86400
        and xp <= ceil(seconds / 3.0) + 10 and cycles * 4 <= seconds + 60)`);
    expect(disagreements.rows).toEqual([]);
    const edges = await db.client.query(
      'select private.counters_are_plausible(31, 30, 61) as a, private.counters_are_plausible(32, 30, 61) as b, private.counters_are_plausible(10, 15, 0) as c, private.counters_are_plausible(10, 16, 0) as d',
    );
    expect(edges.rows[0]).toEqual({ a: true, b: false, c: true, d: false });
  });
});

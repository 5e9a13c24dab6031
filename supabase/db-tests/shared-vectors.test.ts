import levels from '@breath-master/core/vectors/levels.json' with { type: 'json' };
import streaks from '@breath-master/core/vectors/streaks.json' with { type: 'json' };
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

// packages/core and the database must agree on every shared vector: the extension, the dashboard and the
// server then show a player the same level and streaks.

interface StreakVector {
  note?: string;
  activeDays: string[];
  today: string;
  current: number;
  longest: number;
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

describe('shared vectors from packages/core', () => {
  it(`levels: private.level_for_xp agrees on all ${levels.length}`, async () => {
    expect(levels.length).toBeGreaterThan(20);
    const rows = await db.client.query<{ xp: number; level: number }>(
      'select v.xp, private.level_for_xp(v.xp) as level from unnest($1::bigint[]) with ordinality v (xp, position) order by position',
      [levels.map((v) => v.xp)],
    );
    expect(rows.rows).toEqual(levels.map((v) => ({ xp: v.xp, level: v.level })));
  });

  it.each((streaks as StreakVector[]).map((v) => [v.note ?? v.activeDays.join(','), v] as const))(
    'streaks: %s',
    async (_note, v) => {
      const rows = await db.client.query<{ current: number; longest: number }>(
        'select current_streak as current, longest_streak as longest from private.streak_summary($1::date[], $2::date)',
        [v.activeDays, v.today],
      );
      expect(rows.rows[0]).toEqual({ current: v.current, longest: v.longest });
    },
  );
});

import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FILE } from './support/cluster.ts';
import { createTestDatabase, inTransaction, type TestDatabase } from './support/database.ts';

// seed.sql must give the same data on every run and build stats the way sync does.

let first: TestDatabase;
let second: TestDatabase;
let seed: string;
beforeAll(async () => {
  [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  seed = await readFile(SEED_FILE, 'utf8');
});
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
});

/** What a visitor would see, without generated ids. */
const summary = `
  select json_build_object(
    'stats', (select json_agg(json_build_object('handle', s.handle, 'xp', s.total_xp, 'cycles', s.total_cycles,
      'seconds', s.total_seconds, 'streak', s.current_streak, 'longest', s.longest_streak, 'weekly', s.weekly_xp,
      'devices', s.device_count, 'listed', s.show_on_leaderboard) order by s.handle) from public.player_stats s),
    'teams', (select json_agg(private.team_object(t.id) order by t.name) from public.teams t)
  )::text as s`;

describe('seed.sql', () => {
  it('loads 300 players with devices, hidden players, teams and goals', () =>
    inTransaction(first.client, async () => {
      await first.client.query(seed);
      const counts = await first.client.query(`
        select (select count(*)::int from public.players) as players,
               (select count(*)::int from public.players where not show_on_leaderboard) as hidden,
               (select count(*)::int from public.player_devices) as devices,
               (select count(*)::int from auth.users where is_anonymous) as users,
               (select count(*)::int from public.teams) as teams,
               (select count(*)::int from public.team_goals) as goals,
               (select count(*)::int from public.player_stats where total_xp > 0) as with_xp,
               (select count(distinct level)::int from public.player_stats) as levels,
               (select max(current_streak) from public.player_stats) as best_streak`);
      expect(counts.rows[0]).toMatchObject({
        players: 300,
        hidden: 30,
        devices: 337,
        users: 337,
        teams: 5,
        goals: 5,
      });
      expect(counts.rows[0]?.with_xp).toBeGreaterThan(280);
      expect(counts.rows[0]?.levels).toBeGreaterThan(10);
      expect(counts.rows[0]?.best_streak).toBeGreaterThan(14);
    }));

  it('is deterministic: two loads give the same handles, figures and teams', async () => {
    const [a, b] = await Promise.all(
      [first, second].map((db) =>
        inTransaction(db.client, async () => {
          await db.client.query(seed);
          return (await db.client.query<{ s: string }>(summary)).rows[0]?.s;
        }),
      ),
    );
    expect(a).toBeDefined();
    expect(a).toBe(b);
  });

  it('stores only plausible rows and stats that a rebuild leaves unchanged', () =>
    inTransaction(first.client, async () => {
      await first.client.query(seed);
      const implausible = await first.client.query(
        'select 1 from public.daily_progress where not private.counters_are_plausible(xp, cycles, seconds)',
      );
      expect(implausible.rowCount).toBe(0);
      const before = (await first.client.query<{ s: string }>(summary)).rows[0]?.s;
      await first.client.query(
        `select count(*) from public.player_stats s, private.refresh_player_stats(s.player_id, s.as_of_day)`,
      );
      for (const t of (await first.client.query<{ id: string }>('select id from public.teams')).rows) {
        await first.client.query('select private.refresh_team_goal($1)', [t.id]);
      }
      expect((await first.client.query<{ s: string }>(summary)).rows[0]?.s).toBe(before);
    }));
});

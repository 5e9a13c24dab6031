import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  become,
  createTestDatabase,
  device,
  inTransaction,
  superuser,
  type TestDatabase,
} from './support/database.ts';

// At scale the leaderboard and rank queries must walk indexes, never the whole table. 100,000 players are
// generated in SQL (triggers off, histogram rebuilt in bulk), then auto_explain reports the real plans of the
// statements inside the RPCs, with actual row counts.

const PLAYERS = 100_000;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** Runs a statement and returns the plan tree of every statement executed inside it. */
async function nestedPlans(sql: string, values: unknown[] = []): Promise<PlanNode[]> {
  const plans: PlanNode[] = [];
  const collect = (msg: { message?: string }) => {
    const text = msg.message ?? '';
    const json = text.indexOf('{');
    if (text.includes('duration:') && json >= 0)
      plans.push((JSON.parse(text.slice(json)) as { Plan: PlanNode }).Plan);
  };
  db.client.on('notice', collect);
  try {
    await db.client.query(`set local client_min_messages = log`);
    await db.client.query(sql, values);
    await db.client.query(`set local client_min_messages = notice`);
  } finally {
    db.client.off('notice', collect);
  }
  return plans.flatMap(nodes);
}

async function seedPlayers(): Promise<void> {
  await db.client.query('alter table public.player_stats disable trigger user');
  await db.client.query(
    `insert into public.players (id, handle, show_on_leaderboard)
     select md5('bench-' || g)::uuid, 'Bench Player ' || g, g % 10 <> 0 from generate_series(1, $1::int) g`,
    [PLAYERS],
  );
  await db.client.query(
    `insert into public.player_stats (player_id, handle, show_on_leaderboard, total_xp, level, weekly_xp, week_start, as_of_day)
     select p.id, p.handle, p.show_on_leaderboard, x.xp, private.level_for_xp(x.xp), x.weekly,
            case when random() < 0.7 then private.current_week() else private.current_week() - 7 end,
            (now() at time zone 'utc')::date
     from public.players p
     cross join lateral (select floor(power(random(), 3) * 60000)::bigint + 0 * length(p.handle) as xp,
                                floor(random() * 2500)::bigint as weekly) x`,
  );
  await db.client.query('alter table public.player_stats enable trigger user');
  await db.client.query('select private.rebuild_leaderboard_buckets()');
  await db.client.query('analyze public.player_stats');
  await db.client.query('analyze private.leaderboard_buckets');
  await db.client.query(`load 'auto_explain'`);
  await db.client.query(`set local auto_explain.log_min_duration = 0`);
  await db.client.query(`set local auto_explain.log_nested_statements = on`);
  await db.client.query(`set local auto_explain.log_analyze = on`);
  await db.client.query(`set local auto_explain.log_format = 'json'`);
}

/** Makes the given player the caller's player, through a device registered to it. */
async function deviceOf(player: string): Promise<string> {
  const user = (
    await db.client.query<{ id: string }>(
      `insert into auth.users (id, aud, role, is_anonymous) values (gen_random_uuid(), 'authenticated', 'authenticated', true)
       returning id`,
    )
  ).rows[0]?.id as string;
  await db.client.query('insert into public.player_devices (user_id, player_id) values ($1, $2)', [
    user,
    player,
  ]);
  return user;
}

describe(`leaderboards over ${PLAYERS.toLocaleString('en')} players`, () => {
  // Generous timeout: on a quiet machine this takes a few seconds, but CI shares two cores with other suites.
  it('read the top of both boards and count ranks through indexes, exactly', { timeout: 120_000 }, () =>
    inTransaction(db.client, async () => {
      await seedPlayers();
      const zeroScores = Number(
        (
          await db.client.query(
            `select count(*) as n from public.player_stats where show_on_leaderboard and total_xp = 0`,
          )
        ).rows[0]?.n,
      );

      for (const [scope, index] of [
        ['all_time', 'player_stats_all_time_idx'],
        ['weekly', 'player_stats_weekly_idx'],
      ] as const) {
        const plan = await nestedPlans(`select * from public.get_leaderboard($1, null, 100)`, [scope]);
        const onStats = plan.filter((n) => n['Relation Name'] === 'player_stats');
        expect(onStats.length, scope).toBeGreaterThan(0);
        expect(
          onStats.every((n) => n['Index Name'] === index),
          scope,
        ).toBe(true);
        expect(Math.max(...onStats.map((n) => n['Actual Rows'] ?? 0)), scope).toBeLessThanOrEqual(100);
      }

      // The lowest-ranked and the median listed player: counting the players above them through the index alone
      // would visit ~90,000 and ~45,000 entries.
      const listed = await db.client.query<{ player_id: string; expected: string }>(
        `select player_id, expected from (
           select player_id, total_xp, rank() over (order by total_xp desc) as expected,
                  row_number() over (order by total_xp, player_id) as position, count(*) over () as total
           from public.player_stats where show_on_leaderboard and total_xp > 0) r
         where position in (1, total / 2)`,
      );
      expect(listed.rows).toHaveLength(2);
      for (const player of listed.rows) {
        const me = await deviceOf(player.player_id);
        await become(db.client, device(me));
        const plan = await nestedPlans(`select public.get_my_rank('all_time') as r`);
        const rank = await db.client.query<{ r: { rank: number; total_players: number } }>(
          `select public.get_my_rank('all_time') as r`,
        );
        await become(db.client, superuser);
        expect(rank.rows[0]?.r.rank).toBe(Number(player.expected));
        // Every tenth player is hidden.
        expect(rank.rows[0]?.r.total_players).toBe(PLAYERS - PLAYERS / 10 - zeroScores);

        expect(plan.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'player_stats')).toBe(
          false,
        );
        const buckets = plan.filter((n) => n['Relation Name'] === 'leaderboard_buckets');
        expect(buckets.length).toBeGreaterThan(0);
        expect(buckets.every((n) => n['Index Name'] === 'leaderboard_buckets_pkey')).toBe(true);
        // Inside player_stats only the player's own narrow bucket is walked.
        const walked = plan
          .filter((n) => n['Relation Name'] === 'player_stats' && n['Node Type'] !== 'Index Scan')
          .map((n) => (n['Actual Rows'] ?? 0) * (n['Actual Loops'] ?? 1));
        expect(walked.length).toBeGreaterThan(0);
        expect(plan.some((n) => n['Index Name'] === 'player_stats_all_time_idx')).toBe(true);
        expect(Math.max(...walked)).toBeLessThan(500);
      }
    }),
  );
});

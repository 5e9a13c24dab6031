import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_FILE } from './support/cluster.ts';
import {
  addDays,
  anon,
  createDevice,
  createTestDatabase,
  device,
  expectError,
  inTransaction,
  push,
  queryAs,
  rpc,
  serverToday,
  type TestDatabase,
} from './support/database.ts';

// Ranks are competition ranks among listed players with a score. get_my_rank counts through the histogram in
// private.leaderboard_buckets; these tests hold it to rank() over the whole table after the seed and after a
// run of changes of every kind (pushes, hiding, pairing merges, deletions, a new week).

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
  await db.client.query(await readFile(SEED_FILE, 'utf8'));
});
afterAll(() => db.close());

interface Row {
  rank: number;
  player_id: string;
  handle: string;
  level: number;
  total_xp: number;
  weekly_xp: number;
  current_streak: number;
  is_me: boolean;
}

/** Every board's histogram must equal a recount of player_stats. */
async function expectHistogramExact(): Promise<void> {
  const diff = await db.client.query(`
    with recount as (
      select 'all_time' as board, private.score_bucket(total_xp) as bucket, count(*)::int as players
      from public.player_stats where show_on_leaderboard and total_xp > 0 group by 1, 2
      union all
      select private.weekly_board(week_start), private.score_bucket(weekly_xp), count(*)::int
      from public.player_stats where show_on_leaderboard and weekly_xp > 0 group by 1, 2
    )
    select coalesce(r.board, b.board) as board, coalesce(r.bucket, b.bucket) as bucket, r.players as expected, b.players as stored
    from recount r full join (select * from private.leaderboard_buckets where players <> 0) b
      on b.board = r.board and b.bucket = r.bucket
    where r.players is distinct from b.players`);
  expect(diff.rows).toEqual([]);
}

/** players_above() + 1 must equal rank() for every listed player on both boards. */
async function expectRanksExact(): Promise<number> {
  const mismatches = await db.client.query(`
    with week as (select private.current_week() as w),
    boards as (
      select 'all_time' as scope, s.player_id, s.total_xp as score,
             rank() over (order by s.total_xp desc) as expected
      from public.player_stats s where s.show_on_leaderboard and s.total_xp > 0
      union all
      select 'weekly', s.player_id, s.weekly_xp, rank() over (order by s.weekly_xp desc)
      from public.player_stats s, week where s.show_on_leaderboard and s.weekly_xp > 0 and s.week_start = week.w
    )
    select b.scope, b.player_id, b.expected, 1 + private.players_above(b.scope, (select w from week), b.score) as counted
    from boards b`);
  const wrong = mismatches.rows.filter((r) => Number(r.expected) !== Number(r.counted));
  expect(wrong).toEqual([]);
  return mismatches.rowCount ?? 0;
}

describe('rank counting', () => {
  it('puts every score in one log-linear bucket whose floor inverts it', async () => {
    const broken = await db.client.query(`
      with s as (
        select g::bigint as score from generate_series(0, 5000) g
        union select g::bigint * 997 from generate_series(5, 20000) g
        union select (1::bigint << k) + d from generate_series(9, 40) k, unnest(array[-1, 0, 1]) d
      )
      select score from s
      where private.bucket_floor(private.score_bucket(score)) > score
         or private.bucket_floor(private.score_bucket(score) + 1) <= score
         or (score > 0 and private.score_bucket(score) < private.score_bucket(score - 1))`);
    expect(broken.rows).toEqual([]);
    const widths = await db.client.query(
      'select private.score_bucket(511) as a, private.score_bucket(512) as b, private.score_bucket(1000000) as c',
    );
    expect(widths.rows[0]).toEqual({ a: 511, b: 512, c: 3304 });
  });

  it('is exact on the seeded boards', async () => {
    await expectHistogramExact();
    expect(await expectRanksExact()).toBeGreaterThan(400);
  });

  it('stays exact through pushes, hiding, merges, deletions and ties at bucket edges', () =>
    inTransaction(db.client, async () => {
      const devices = (
        await db.client.query<{ user_id: string }>(
          'select user_id from public.player_devices order by user_id limit 60',
        )
      ).rows.map((r) => r.user_id);
      for (const [i, id] of devices.entries()) {
        const op = i % 6;
        if (op === 0) await push(db.client, id, [{ day: today, xp: 210, cycles: 100, seconds: 600 }], today);
        if (op === 1)
          await rpc(db.client, device(id), 'set_leaderboard_visibility', { visible: i % 12 === 1 });
        if (op === 2) await rpc(db.client, device(id), 'delete_my_data');
        if (op === 3) {
          const { code } = await rpc<{ code: string }>(db.client, device(id), 'create_pairing_code');
          const other = devices[i + 1];
          if (other !== undefined) await rpc(db.client, device(other), 'redeem_pairing_code', { code });
        }
        if (op === 5)
          await push(db.client, id, [{ day: addDays(today, -2), xp: 16, cycles: 4, seconds: 60 }], today);
      }
      // Ties exactly on a bucket edge (multiples of 16) and just below it.
      for (const xp of [160, 160, 160, 159, 176]) {
        const id = await createDevice(db.client);
        await push(db.client, id, [{ day: today, xp, cycles: 10, seconds: 600 }], today);
      }
      await expectHistogramExact();
      await expectRanksExact();
    }));

  it('get_my_rank agrees with get_leaderboard, shares ranks on ties and is null when hidden or without progress', () =>
    inTransaction(db.client, async () => {
      const tied: string[] = [];
      for (let i = 0; i < 3; i++) {
        const id = await createDevice(db.client);
        await push(db.client, id, [{ day: today, xp: 28810, cycles: 10, seconds: 86400 }], today);
        tied.push(id);
      }
      const next = await createDevice(db.client);
      await push(db.client, next, [{ day: today, xp: 28800, cycles: 10, seconds: 86400 }], today);
      const board = await queryAs<Row>(
        db.client,
        device(next),
        'select * from public.get_leaderboard($1, null, 10)',
        ['all_time'],
      );
      expect(board.slice(0, 4).map((r) => r.rank)).toEqual([1, 1, 1, 4]);
      expect(board[3]?.is_me).toBe(true);
      expect(board.filter((r) => r.is_me)).toHaveLength(1);
      const total = (
        await db.client.query(
          'select count(*)::int as n from public.player_stats where show_on_leaderboard and total_xp > 0',
        )
      ).rows[0]?.n;
      expect(await rpc(db.client, device(tied[1] as string), 'get_my_rank')).toEqual({
        rank: 1,
        total_players: total,
        score: 28810,
      });
      expect(await rpc(db.client, device(next), 'get_my_rank', { scope: 'all_time' })).toEqual({
        rank: 4,
        total_players: total,
        score: 28800,
      });
      await rpc(db.client, device(next), 'set_leaderboard_visibility', { visible: false });
      expect(await rpc(db.client, device(next), 'get_my_rank')).toEqual({
        rank: null,
        total_players: total - 1,
        score: 28800,
      });
      const idle = await createDevice(db.client);
      expect(await rpc(db.client, device(idle), 'get_my_rank')).toEqual({
        rank: null,
        total_players: total - 1,
        score: 0,
      });
      await push(db.client, idle, [], today);
      expect(await rpc(db.client, device(idle), 'get_my_rank', { scope: 'weekly' })).toMatchObject({
        rank: null,
        score: 0,
      });
    }));
});

describe('get_leaderboard', () => {
  it('lists the top listed players by all-time XP with public fields only, for anon too', () =>
    inTransaction(db.client, async () => {
      const board = await queryAs<Row>(db.client, anon, 'select * from public.get_leaderboard()');
      const expected = await db.client.query(
        `select player_id, total_xp from public.player_stats where show_on_leaderboard and total_xp > 0
         order by total_xp desc, player_id limit 100`,
      );
      expect(board.map((r) => [r.player_id, r.total_xp])).toEqual(
        expected.rows.map((r) => [r.player_id, r.total_xp]),
      );
      expect(Object.keys(board[0] ?? {}).sort()).toEqual(
        ['current_streak', 'handle', 'is_me', 'level', 'player_id', 'rank', 'total_xp', 'weekly_xp'].sort(),
      );
      expect(board.every((r) => r.is_me === false)).toBe(true);
      const hidden = await db.client.query<{ player_id: string }>(
        'select player_id from public.player_stats where not show_on_leaderboard',
      );
      const listed = new Set(board.map((r) => r.player_id));
      expect(hidden.rows.some((h) => listed.has(h.player_id))).toBe(false);
    }));

  it("ranks the weekly board by this week's XP and ignores weeks gone by", () =>
    inTransaction(db.client, async () => {
      await db.client.query(
        `update public.player_stats set week_start = week_start - 7
         where player_id in (select player_id from public.player_stats order by weekly_xp desc limit 3)`,
      );
      const board = await queryAs<Row>(
        db.client,
        anon,
        `select * from public.get_leaderboard('weekly', null, 1000)`,
      );
      const expected = await db.client.query(
        `select player_id, weekly_xp, rank() over (order by weekly_xp desc)::int as rank from public.player_stats
         where show_on_leaderboard and weekly_xp > 0 and week_start = private.current_week()
         order by weekly_xp desc, player_id`,
      );
      expect(board.map((r) => [r.player_id, r.weekly_xp, r.rank])).toEqual(
        expected.rows.map((r) => [r.player_id, r.weekly_xp, r.rank]),
      );
      await expectHistogramExact();
      await expectRanksExact();
    }));

  it('shows a team board (every member, hidden ones too) to members only', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      const b = await createDevice(db.client);
      const outsider = await createDevice(db.client);
      await push(db.client, a, [{ day: today, xp: 40, cycles: 10, seconds: 300 }], today);
      await push(db.client, b, [{ day: today, xp: 60, cycles: 10, seconds: 300 }], today);
      await push(db.client, outsider, [], today);
      await rpc(db.client, device(b), 'set_leaderboard_visibility', { visible: false });
      const team = await rpc<{ id: string; join_code: string }>(db.client, device(a), 'create_team', {
        name: 'Pair',
      });
      await rpc(db.client, device(b), 'join_team', { code: team.join_code });
      const board = await queryAs<Row>(db.client, device(a), 'select * from public.get_leaderboard($1, $2)', [
        'all_time',
        team.id,
      ]);
      expect(board.map((r) => [r.rank, r.total_xp, r.is_me])).toEqual([
        [1, 60, false],
        [2, 40, true],
      ]);
      expect(await rpc(db.client, device(a), 'get_my_rank', { team_id: team.id })).toEqual({
        rank: 2,
        total_players: 2,
        score: 40,
      });
      await expectError(
        db.client,
        () => queryAs(db.client, anon, 'select * from public.get_leaderboard($1, $2)', ['all_time', team.id]),
        { code: 'PT403', message: 'not_a_member' },
      );
    }));

  it.each([
    ['monthly', 100],
    [null, 100],
    ['all_time', 0],
    ['all_time', 1001],
  ])('refuses scope %j with row_limit %j', (scope, limit) =>
    inTransaction(db.client, async () => {
      await expectError(
        db.client,
        () => queryAs(db.client, anon, 'select * from public.get_leaderboard($1, null, $2)', [scope, limit]),
        { code: 'PT400', message: 'invalid_payload' },
      );
    }),
  );
});

describe('get_global_stats', () => {
  it("counts players and today's practice for anon", () =>
    inTransaction(db.client, async () => {
      const stats = await queryAs<{ s: Record<string, number> }>(
        db.client,
        anon,
        'select public.get_global_stats() as s',
      );
      const expected = await db.client.query(`
        select (select count(*)::int from public.players) as players,
               count(*) filter (where seconds >= 60)::int as active_today,
               coalesce(sum(cycles), 0)::int as cycles_today, coalesce(sum(seconds), 0)::int as seconds_today,
               (select count(*)::int from private.breathing_devices where until > now()) as breathing_now
        from (select player_id, sum(cycles) as cycles, sum(seconds) as seconds from public.daily_progress
              where day = (now() at time zone 'utc')::date group by player_id) t`);
      expect(stats[0]?.s).toEqual(expected.rows[0]);
      expect(stats[0]?.s.players).toBe(300);
      // The live flush's counters, kept since the seed by triggers, agree.
      const folded = await db.client.query('select private.fold_live_tiles() as tiles');
      expect(folded.rows[0].tiles).toEqual(stats[0]?.s);
    }));
});

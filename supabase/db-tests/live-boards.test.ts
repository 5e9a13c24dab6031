import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anon,
  createDevice,
  createTestDatabase,
  device,
  inTransaction,
  type MyStats,
  push,
  queryAs,
  rpc,
  serverToday,
  type TestDatabase,
} from './support/database.ts';
import { type Message, sent, startWatching } from './support/realtime.ts';

// private.flush_live_boards() and public.get_live_board() (docs/live-boards.md "The flush"): one coalesced
// `board` message on the private `leaderboard` topic when a top 100 or a tile changed, at most once per
// board_interval, and one `team` message per team whose members, goal or membership changed.

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

interface BoardRow {
  player_id: string;
  handle: string;
  level: number;
  total_xp: number;
  weekly_xp: number;
  current_streak: number;
  rank: number;
}
interface BoardDiff {
  rows: BoardRow[];
  removed: string[];
}
interface BoardMessage {
  seq: number;
  at: string;
  week_start: string;
  all_time?: BoardDiff;
  weekly?: BoardDiff;
  stats: Record<string, number>;
}
interface LiveBoard {
  seq: number;
  at: string;
  week_start: string;
  all_time: BoardRow[];
  weekly: BoardRow[];
  stats: Record<string, number>;
}

async function flush(): Promise<Message[]> {
  await startWatching(db.client);
  await db.client.query('select private.flush_live_boards()');
  return sent(db.client);
}

/** The board message of one flush, or undefined when it sent none. */
async function flushBoard(): Promise<BoardMessage | undefined> {
  const board = (await flush()).filter((m) => m.event === 'board');
  expect(board.length).toBeLessThanOrEqual(1);
  if (board[0]) expect(board[0]).toMatchObject({ topic: 'leaderboard', private: true });
  return board[0]?.payload as unknown as BoardMessage | undefined;
}

// now() stands still in a test's transaction: the last message is moved into the past instead.
async function letIntervalPass(): Promise<void> {
  await db.client.query(`update private.live_board_state set at = at - interval '2 seconds'`);
}

/** A player who pushed xp today (seconds enough to be plausible and active). */
async function player(xp: number): Promise<{ device: string; stats: MyStats }> {
  const id = await createDevice(db.client);
  const stats = await push(db.client, id, [{ day: today, xp, cycles: 10, seconds: 3 * xp }], today);
  return { device: id, stats };
}

async function leaderboard(scope: string): Promise<BoardRow[]> {
  const rows = await queryAs<BoardRow>(
    db.client,
    anon,
    `select rank, player_id, handle, level, total_xp, weekly_xp, current_streak
     from public.get_leaderboard($1, null, 100)`,
    [scope],
  );
  return rows;
}

describe('board messages', () => {
  it('send the first state, then nothing while nothing changed', () =>
    inTransaction(db.client, async () => {
      const a = await player(40);
      const first = await flushBoard();
      expect(first).toMatchObject({
        seq: 1,
        week_start: a.stats.week_start,
        stats: { players: 1, active_today: 1, cycles_today: 10, seconds_today: 120, breathing_now: 0 },
      });
      expect(Object.keys(first ?? {}).sort()).toEqual([
        'all_time',
        'at',
        'seq',
        'stats',
        'week_start',
        'weekly',
      ]);
      expect(first?.all_time).toEqual({
        rows: [
          {
            player_id: a.stats.player_id,
            handle: a.stats.handle,
            level: 1,
            total_xp: 40,
            weekly_xp: 40,
            current_streak: 1,
            rank: 1,
          },
        ],
        removed: [],
      });
      await letIntervalPass();
      expect(await flushBoard()).toBeUndefined();
      // A retried push changes nothing either.
      await push(db.client, a.device, [{ day: today, xp: 40, cycles: 10, seconds: 120 }], today);
      expect(await flushBoard()).toBeUndefined();
    }));

  it('send at most one message per board_interval, carrying everything since the last one', () =>
    inTransaction(db.client, async () => {
      const a = await player(40);
      expect((await flushBoard())?.seq).toBe(1);
      await push(db.client, a.device, [{ day: today, xp: 50, cycles: 10, seconds: 150 }], today);
      expect(await flushBoard()).toBeUndefined();
      const b = await player(60);
      expect(await flushBoard()).toBeUndefined();
      await letIntervalPass();
      const next = await flushBoard();
      expect(next?.seq).toBe(2);
      expect(next?.all_time?.rows.map((r) => [r.player_id, r.total_xp, r.rank])).toEqual([
        [b.stats.player_id, 60, 1],
        [a.stats.player_id, 50, 2],
      ]);
      await letIntervalPass();
      expect(await flushBoard()).toBeUndefined();

      // A scheduler tick that comes a little early still sends (no every-other-tick skipping); a half interval does not.
      await push(db.client, a.device, [{ day: today, xp: 55, cycles: 10, seconds: 165 }], today);
      await db.client.query(`update private.live_board_state set at = now() - interval '500 milliseconds'`);
      expect(await flushBoard()).toBeUndefined();
      await db.client.query(`update private.live_board_state set at = now() - interval '800 milliseconds'`);
      expect((await flushBoard())?.seq).toBe(3);

      // An operator's longer interval holds messages back for that long.
      await db.client.query(`update private.live_settings set board_interval = interval '1 minute'`);
      await push(db.client, b.device, [{ day: today, xp: 70, cycles: 10, seconds: 210 }], today);
      await letIntervalPass();
      expect(await flushBoard()).toBeUndefined();
      await db.client.query(`update private.live_board_state set at = at - interval '1 minute'`);
      expect((await flushBoard())?.seq).toBe(4);
    }));

  it('follow the top 100: below it only the tiles change; entering, moving and leaving show in rows and removed', () =>
    inTransaction(db.client, async () => {
      const top: { device: string; stats: MyStats }[] = [];
      for (let i = 1; i <= 100; i += 1) top.push(await player(100 + i));
      const low = await player(10);
      const first = await flushBoard();
      expect(first?.all_time?.rows).toHaveLength(100);
      expect(first?.all_time?.rows.map((r) => r.player_id)).not.toContain(low.stats.player_id);

      // Below the top 100: the tiles (today's cycles and seconds) change, no board does.
      await push(db.client, low.device, [{ day: today, xp: 20, cycles: 12, seconds: 60 }], today);
      await letIntervalPass();
      const below = await flushBoard();
      expect(below && Object.keys(below).sort()).toEqual(['at', 'seq', 'stats', 'week_start']);
      expect(below?.seq).toBe(2);

      // Entering at the top pushes the 100th out of both boards.
      await push(db.client, low.device, [{ day: today, xp: 300, cycles: 12, seconds: 900 }], today);
      await letIntervalPass();
      const entered = await flushBoard();
      const lowest = top[0]?.stats.player_id;
      for (const board of [entered?.all_time, entered?.weekly]) {
        expect(board?.rows.map((r) => [r.player_id, r.total_xp, r.rank])).toEqual([
          [low.stats.player_id, 300, 1],
        ]);
        expect(board?.removed).toEqual([lowest]);
      }

      // Moving within the top 100: only that row.
      const mover = top[10];
      await push(db.client, mover?.device ?? '', [{ day: today, xp: 250, cycles: 12, seconds: 750 }], today);
      await letIntervalPass();
      const moved = await flushBoard();
      expect(moved?.all_time).toEqual({
        rows: [expect.objectContaining({ player_id: mover?.stats.player_id, total_xp: 250, rank: 2 })],
        removed: [],
      });

      // Leaving (hiding): removed, and the best of the rest enters at the bottom.
      await rpc(db.client, device(low.device), 'set_leaderboard_visibility', { visible: false });
      await letIntervalPass();
      const left = await flushBoard();
      expect(left?.all_time).toEqual({
        rows: [expect.objectContaining({ player_id: lowest, rank: 100 })],
        removed: [low.stats.player_id],
      });
      expect(left?.seq).toBe(5);
    }));

  it('are what get_leaderboard answers: get_live_board after a flush, and live before the first', () =>
    inTransaction(db.client, async () => {
      const players = [];
      for (const xp of [30, 90, 90, 60]) players.push(await player(xp));
      await rpc(db.client, device(players[3]?.device ?? ''), 'set_leaderboard_visibility', {
        visible: false,
      });

      const before = await rpc<LiveBoard>(db.client, anon, 'get_live_board');
      expect(before.seq).toBe(0);
      expect(before.all_time).toEqual(await leaderboard('all_time'));
      expect(before.weekly).toEqual(await leaderboard('weekly'));
      expect(before.stats).toEqual(await rpc(db.client, anon, 'get_global_stats'));

      const message = await flushBoard();
      const after = await rpc<LiveBoard>(db.client, device(players[0]?.device ?? ''), 'get_live_board');
      expect(after).toEqual({
        seq: 1,
        at: message?.at,
        week_start: message?.week_start,
        all_time: await leaderboard('all_time'),
        weekly: await leaderboard('weekly'),
        stats: message?.stats,
      });
      expect(after.all_time.map((r) => r.rank)).toEqual([1, 1, 3]);

      // The snapshot stays as of the last message until the next one.
      await push(
        db.client,
        players[0]?.device ?? '',
        [{ day: today, xp: 95, cycles: 10, seconds: 300 }],
        today,
      );
      expect((await rpc<LiveBoard>(db.client, anon, 'get_live_board')).all_time).toEqual(after.all_time);
      await letIntervalPass();
      await flushBoard();
      const later = await rpc<LiveBoard>(db.client, anon, 'get_live_board');
      expect(later.seq).toBe(2);
      expect(later.all_time).toEqual(await leaderboard('all_time'));
      expect(later.weekly).toEqual(await leaderboard('weekly'));
    }));

  it('never overlap: a flush that finds another one running leaves the work to it', () =>
    inTransaction(db.client, async () => {
      await player(40);
      const other = new pg.Client({ connectionString: db.url });
      await other.connect();
      try {
        await other.query('begin');
        await other.query(`select pg_advisory_xact_lock(hashtext('breath-master live boards'))`);
        expect(await flush()).toEqual([]);
        await other.query('rollback');
        expect((await flushBoard())?.seq).toBe(1);
      } finally {
        await other.end();
      }
    }));
});

describe('team messages', () => {
  const teamMessages = async () => (await flush()).filter((m) => m.event === 'team');

  it('carry the team object and every member, hidden ones included, after stats, goal, join and leave', () =>
    inTransaction(db.client, async () => {
      const a = await player(40);
      const b = await player(20);
      await rpc(db.client, device(b.device), 'set_leaderboard_visibility', { visible: false });
      const team = await rpc<{ id: string; join_code: string }>(db.client, device(a.device), 'create_team', {
        name: 'Live',
      });
      const topic = `team:${team.id}`;
      const created = await teamMessages();
      expect(created).toEqual([
        {
          topic,
          event: 'team',
          private: true,
          payload: {
            team: await rpc(db.client, device(a.device), 'get_team', { team_id: team.id }),
            members: [
              {
                player_id: a.stats.player_id,
                handle: a.stats.handle,
                level: 1,
                total_xp: 40,
                weekly_xp: 40,
                current_streak: 1,
              },
            ],
          },
        },
      ]);
      expect(await teamMessages()).toEqual([]);

      // Join: the new member shows although hidden from public boards.
      await rpc(db.client, device(b.device), 'join_team', { code: team.join_code });
      const joined = await teamMessages();
      expect(joined.map((m) => m.topic)).toEqual([topic]);
      expect(joined[0]?.payload).toMatchObject({ team: { member_count: 2 } });
      expect(((joined[0]?.payload.members ?? []) as { player_id: string }[]).map((m) => m.player_id)).toEqual(
        [a.stats.player_id, b.stats.player_id],
      );

      // Goal.
      const goal = await rpc(db.client, device(a.device), 'set_team_goal', {
        team_id: team.id,
        metric: 'cycles',
        target: 50,
        ends_on: today,
      });
      expect((await teamMessages()).map((m) => m.payload.team)).toEqual([goal]);

      // A member's stats (and the goal progress they move), several pushes: one message.
      await push(db.client, b.device, [{ day: today, xp: 30, cycles: 20, seconds: 120 }], today);
      await push(db.client, b.device, [{ day: today, xp: 45, cycles: 45, seconds: 180 }], today);
      const pushed = await teamMessages();
      expect(pushed).toHaveLength(1);
      expect(pushed[0]?.payload).toMatchObject({
        team: { goal: { progress: 55, reached_on: today } },
        members: [expect.objectContaining({ player_id: b.stats.player_id, total_xp: 45 }), expect.anything()],
      });

      // Leave; then the last one out closes the team, which has no one left to tell.
      await rpc(db.client, device(b.device), 'leave_team', { team_id: team.id });
      const left = await teamMessages();
      expect(left[0]?.payload).toMatchObject({ team: { member_count: 1 } });
      expect(left[0]?.payload.members as unknown[]).toHaveLength(1);
      await rpc(db.client, device(a.device), 'leave_team', { team_id: team.id });
      expect(await teamMessages()).toEqual([]);
      expect(
        (await db.client.query('select count(*)::int as n from private.live_team_marks')).rows[0].n,
      ).toBe(0);
    }));

  it("skip teams whose members' shown fields did not change", () =>
    inTransaction(db.client, async () => {
      const a = await player(40);
      await rpc(db.client, device(a.device), 'create_team', { name: 'Quiet' });
      await flush();
      // Visibility is not a team board field: team boards list hidden members too.
      await rpc(db.client, device(a.device), 'set_leaderboard_visibility', { visible: false });
      expect(await teamMessages()).toEqual([]);
      // A push that adds only cycles changes no shown field.
      await push(db.client, a.device, [{ day: today, xp: 40, cycles: 11, seconds: 120 }], today);
      expect(await teamMessages()).toEqual([]);
    }));

  it('mark a team once per flush however many changes, without a row per change', () =>
    inTransaction(db.client, async () => {
      const a = await player(40);
      await rpc(db.client, device(a.device), 'create_team', { name: 'Busy' });
      for (let xp = 41; xp < 46; xp += 1)
        await push(db.client, a.device, [{ day: today, xp, cycles: 10, seconds: 150 }], today);
      const marks = await db.client.query('select count(*)::int as n from private.live_team_marks');
      expect(marks.rows[0].n).toBe(1);
    }));
});

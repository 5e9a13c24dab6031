import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  anon,
  createDevice,
  createTestDatabase,
  device,
  inTransaction,
  push,
  rpc,
  serverToday,
  type TestDatabase,
} from './support/database.ts';

// The flush's tiles come from counters kept by statement triggers (private.fold_live_tiles), not from an
// aggregate of today's rows: after every kind of write they must equal what get_global_stats() computes.

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

async function folded(): Promise<Record<string, number>> {
  return (await db.client.query('select private.fold_live_tiles() as tiles')).rows[0].tiles;
}

async function expectExact(): Promise<Record<string, number>> {
  const exact = await rpc<Record<string, number>>(db.client, anon, 'get_global_stats');
  expect(await folded()).toEqual(exact);
  return exact;
}

describe('live tiles', () => {
  it('equal get_global_stats after sign-ups, pushes, pairing and deletion', () =>
    inTransaction(db.client, async () => {
      await expectExact();
      const a = await createDevice(db.client);
      const b = await createDevice(db.client);
      const c = await createDevice(db.client);

      // Below 60 s, then across it; a day ahead (a device east of UTC) and a past day count nowhere today.
      await push(db.client, a, [{ day: today, xp: 10, cycles: 5, seconds: 40 }], today);
      expect(await expectExact()).toMatchObject({ players: 1, active_today: 0, seconds_today: 40 });
      await push(db.client, a, [{ day: today, xp: 20, cycles: 9, seconds: 70 }], today);
      expect(await expectExact()).toMatchObject({ active_today: 1, cycles_today: 9, seconds_today: 70 });
      await push(
        db.client,
        b,
        [
          { day: addDays(today, -3), xp: 30, cycles: 10, seconds: 100 },
          { day: today, xp: 5, cycles: 2, seconds: 30 },
          { day: addDays(today, 1), xp: 30, cycles: 10, seconds: 100 },
        ],
        addDays(today, 1),
      );
      expect(await expectExact()).toMatchObject({ players: 2, active_today: 1, seconds_today: 100 });

      // Pairing moves b's rows to a's player: one player, 100 s today, still one active.
      const code = await rpc<{ code: string }>(db.client, device(a), 'create_pairing_code');
      await rpc(db.client, device(b), 'redeem_pairing_code', { code: code.code });
      expect(await expectExact()).toMatchObject({ players: 1, active_today: 1, seconds_today: 100 });

      // Two players each under 60 s become one over it when paired.
      await push(db.client, c, [{ day: today, xp: 10, cycles: 5, seconds: 35 }], today);
      const d = await createDevice(db.client);
      await push(db.client, d, [{ day: today, xp: 10, cycles: 5, seconds: 35 }], today);
      expect(await expectExact()).toMatchObject({ players: 3, active_today: 1 });
      const code2 = await rpc<{ code: string }>(db.client, device(c), 'create_pairing_code');
      await rpc(db.client, device(d), 'redeem_pairing_code', { code: code2.code });
      expect(await expectExact()).toMatchObject({ players: 2, active_today: 2, seconds_today: 170 });

      // A device on two days of a player: delete everything.
      await rpc(db.client, device(a), 'delete_my_data');
      expect(await expectExact()).toMatchObject({ players: 1, active_today: 1, seconds_today: 70 });

      // A player removed by administration (no RPC).
      const e = await createDevice(db.client);
      const gone = await push(db.client, e, [{ day: today, xp: 20, cycles: 9, seconds: 70 }], today);
      expect(await expectExact()).toMatchObject({ players: 2, active_today: 2 });
      await db.client.query('delete from public.players where id = $1', [gone.player_id]);
      expect(await expectExact()).toMatchObject({ players: 1, active_today: 1 });

      await rpc(db.client, device(c), 'set_breathing', { active: true });
      expect(await expectExact()).toMatchObject({ breathing_now: 1 });
    }));

  it('recount from the tables after writes made with triggers off, and forget past days', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      await push(db.client, a, [{ day: today, xp: 20, cycles: 9, seconds: 70 }], today);
      await folded();
      await db.client.query('set local session_replication_role = replica');
      await db.client.query(`update public.daily_progress set seconds = 50, xp = 10`);
      await db.client.query('set local session_replication_role = origin');
      expect(await folded()).toMatchObject({ active_today: 1, seconds_today: 70 });
      await db.client.query('select private.recount_live_tiles()');
      await expectExact();

      await db.client.query(
        `insert into private.live_tiles (day, active, cycles, seconds) values ($1, 1, 1, 1)`,
        [addDays(today, -1)],
      );
      await folded();
      const days = await db.client.query(`select day::text from private.live_tiles order by day`);
      expect(days.rows).toEqual([{ day: today }]);
    }));

  it('cost a push one mark for today and none for past days; the flush takes the marks', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      await folded();
      const stats = await push(
        db.client,
        a,
        Array.from({ length: 10 }, (_, i) => ({ day: addDays(today, -i), xp: 10, cycles: 5, seconds: 40 })),
        today,
      );
      const marks = await db.client.query('select player_id, day::text from private.live_touched_days');
      expect(marks.rows).toEqual([{ player_id: stats.player_id, day: today }]);
      const players = await db.client.query('select players from private.live_tile_changes');
      expect(players.rows).toEqual([{ players: 1 }]);
      // A retried push writes no daily row, so it marks nothing.
      await push(db.client, a, [{ day: today, xp: 10, cycles: 5, seconds: 40 }], today);
      expect((await db.client.query('select 1 from private.live_touched_days')).rowCount).toBe(1);
      await db.client.query('select private.flush_live_boards()');
      const left = await db.client.query(
        'select (select count(*)::int from private.live_touched_days) + (select count(*)::int from private.live_tile_changes) as n',
      );
      expect(left.rows[0].n).toBe(0);
      await expectExact();
    }));
});

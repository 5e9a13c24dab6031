import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  createDevice,
  createTestDatabase,
  device,
  expectError,
  inTransaction,
  type MyStats,
  push,
  rpc,
  serverToday,
  type TestDatabase,
} from './support/database.ts';

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

const CODE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{8}$/;

async function playerOf(userId: string): Promise<string | undefined> {
  const r = await db.client.query<{ p: string }>(
    'select player_id as p from public.player_devices where user_id = $1',
    [userId],
  );
  return r.rows[0]?.p;
}

async function registered(counters: { xp: number; cycles: number; seconds: number }, offset = 0) {
  const id = await createDevice(db.client);
  const stats = await push(db.client, id, [{ day: addDays(today, offset), ...counters }], today);
  return { id, stats };
}

describe('create_pairing_code', () => {
  it('issues an 8-character single code from the unambiguous alphabet, valid for 10 minutes', () =>
    inTransaction(db.client, async () => {
      const a = await registered({ xp: 4, cycles: 1, seconds: 60 });
      const first = await rpc<{ code: string; expires_at: string }>(
        db.client,
        device(a.id),
        'create_pairing_code',
      );
      expect(first.code).toMatch(CODE);
      const minutes = await db.client.query<{ m: number }>(
        `select round(extract(epoch from ($1::timestamptz - now())) / 60)::int as m`,
        [first.expires_at],
      );
      expect(minutes.rows[0]?.m).toBe(10);
      const second = await rpc<{ code: string }>(db.client, device(a.id), 'create_pairing_code');
      const live = await db.client.query('select code from public.pairing_codes where player_id = $1', [
        a.stats.player_id,
      ]);
      expect(live.rows).toEqual([{ code: second.code }]);
    }));

  it('draws codes from cryptographic randomness: no repeats over many draws, every character used', () =>
    inTransaction(db.client, async () => {
      const r = await db.client.query<{ codes: string[] }>(
        'select array_agg(private.random_code()) as codes from generate_series(1, 2000)',
      );
      const codes = r.rows[0]?.codes ?? [];
      expect(new Set(codes).size).toBe(2000);
      for (const c of codes) expect(c).toMatch(CODE);
      expect(new Set(codes.join('')).size).toBe(32);
      const body = await db.client.query(`select prosrc from pg_proc where proname = 'random_code'`);
      expect(body.rows[0]?.prosrc).toContain('extensions.gen_random_bytes');
    }));

  it('needs a registered device', () =>
    inTransaction(db.client, async () => {
      const fresh = await createDevice(db.client);
      await expectError(db.client, () => rpc(db.client, device(fresh), 'create_pairing_code'), {
        code: 'PT404',
        message: 'not_registered',
      });
    }));
});

describe('redeem_pairing_code', () => {
  it('moves the device and its daily rows, merges the stats and deletes the emptied player', () =>
    inTransaction(db.client, async () => {
      const a = await registered({ xp: 20, cycles: 10, seconds: 200 });
      const b = await registered({ xp: 8, cycles: 4, seconds: 80 }, -1);
      const team = await rpc<{ id: string }>(db.client, device(b.id), 'create_team', { name: 'B team' });
      const { code } = await rpc<{ code: string }>(db.client, device(a.id), 'create_pairing_code');
      const merged = await rpc<MyStats>(db.client, device(b.id), 'redeem_pairing_code', {
        code: `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`,
      });
      expect(merged).toMatchObject({
        player_id: a.stats.player_id,
        handle: a.stats.handle,
        total_xp: 28,
        total_cycles: 14,
        total_seconds: 280,
        active_days: 2,
        current_streak: 2,
        device_count: 2,
      });
      expect(await playerOf(b.id)).toBe(a.stats.player_id);
      const rows = await db.client.query(
        'select distinct player_id from public.daily_progress where device_id = $1',
        [b.id],
      );
      expect(rows.rows).toEqual([{ player_id: a.stats.player_id }]);
      const gone = await db.client.query('select 1 from public.players where id = $1', [b.stats.player_id]);
      expect(gone.rowCount).toBe(0);
      const members = await db.client.query('select player_id from public.team_members where team_id = $1', [
        team.id,
      ]);
      expect(members.rows).toEqual([{ player_id: a.stats.player_id }]);
      // Later pushes from the moved device land on the joined player.
      const after = await push(db.client, b.id, [{ day: today, xp: 4, cycles: 1, seconds: 60 }], today);
      expect(after).toMatchObject({ player_id: a.stats.player_id, total_xp: 32 });
    }));

  it('rebuilds the stats of the player left behind when it still has devices', () =>
    inTransaction(db.client, async () => {
      const a = await registered({ xp: 20, cycles: 10, seconds: 200 });
      const b = await registered({ xp: 8, cycles: 4, seconds: 80 });
      const b2 = await createDevice(db.client);
      const { code: joinB } = await rpc<{ code: string }>(db.client, device(b.id), 'create_pairing_code');
      await rpc(db.client, device(b2), 'redeem_pairing_code', { code: joinB });
      await push(db.client, b2, [{ day: today, xp: 12, cycles: 3, seconds: 120 }], today);
      const { code } = await rpc<{ code: string }>(db.client, device(a.id), 'create_pairing_code');
      await rpc(db.client, device(b.id), 'redeem_pairing_code', { code });
      const left = await db.client.query(
        'select total_xp, device_count from public.player_stats where player_id = $1',
        [b.stats.player_id],
      );
      expect(left.rows).toEqual([{ total_xp: 12, device_count: 1 }]);
    }));

  it("registers a device that never synced directly under the code's player", () =>
    inTransaction(db.client, async () => {
      const a = await registered({ xp: 20, cycles: 10, seconds: 200 });
      const browser = await createDevice(db.client);
      const { code } = await rpc<{ code: string }>(db.client, device(a.id), 'create_pairing_code');
      const stats = await rpc<MyStats>(db.client, device(browser), 'redeem_pairing_code', { code });
      expect(stats).toMatchObject({ player_id: a.stats.player_id, device_count: 2, total_xp: 20 });
      const kind = await db.client.query('select kind from public.player_devices where user_id = $1', [
        browser,
      ]);
      expect(kind.rows).toEqual([{ kind: 'web' }]);
    }));

  it('is single use: a second redemption is pairing_code_invalid and moves nothing', () =>
    inTransaction(db.client, async () => {
      const a = await registered({ xp: 20, cycles: 10, seconds: 200 });
      const b = await createDevice(db.client);
      const c = await registered({ xp: 4, cycles: 1, seconds: 60 });
      const { code } = await rpc<{ code: string }>(db.client, device(a.id), 'create_pairing_code');
      await rpc(db.client, device(b), 'redeem_pairing_code', { code });
      await expectError(db.client, () => rpc(db.client, device(c.id), 'redeem_pairing_code', { code }), {
        code: 'PT404',
        message: 'pairing_code_invalid',
      });
      expect(await playerOf(c.id)).toBe(c.stats.player_id);
    }));

  it('refuses an expired code with pairing_code_expired and moves nothing', () =>
    inTransaction(db.client, async () => {
      const a = await registered({ xp: 20, cycles: 10, seconds: 200 });
      const b = await registered({ xp: 4, cycles: 1, seconds: 60 });
      const { code } = await rpc<{ code: string }>(db.client, device(a.id), 'create_pairing_code');
      await db.client.query(
        `update public.pairing_codes set expires_at = now() - interval '1 second' where code = $1`,
        [code],
      );
      await expectError(db.client, () => rpc(db.client, device(b.id), 'redeem_pairing_code', { code }), {
        code: 'PT410',
        message: 'pairing_code_expired',
      });
      expect(await playerOf(b.id)).toBe(b.stats.player_id);
    }));

  it.each([['ABCDEFG'], ['ABCDEFGI'], [''], ['<script>'], [null]])('refuses the malformed code %j', (code) =>
    inTransaction(db.client, async () => {
      const b = await registered({ xp: 4, cycles: 1, seconds: 60 });
      await expectError(db.client, () => rpc(db.client, device(b.id), 'redeem_pairing_code', { code }), {
        code: 'PT404',
        message: 'pairing_code_invalid',
      });
    }),
  );

  it('refuses an unknown device kind', () =>
    inTransaction(db.client, async () => {
      const a = await registered({ xp: 4, cycles: 1, seconds: 60 });
      const fresh = await createDevice(db.client);
      const { code } = await rpc<{ code: string }>(db.client, device(a.id), 'create_pairing_code');
      await expectError(
        db.client,
        () => rpc(db.client, device(fresh), 'redeem_pairing_code', { code, device_kind: 'fridge' }),
        { code: 'PT400', message: 'invalid_payload' },
      );
    }));

  it("changes nothing when a device redeems its own player's code", () =>
    inTransaction(db.client, async () => {
      const a = await registered({ xp: 20, cycles: 10, seconds: 200 });
      const { code } = await rpc<{ code: string }>(db.client, device(a.id), 'create_pairing_code');
      const stats = await rpc<MyStats>(db.client, device(a.id), 'redeem_pairing_code', { code });
      expect(stats).toEqual(a.stats);
    }));
});

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

interface Progress {
  stats: MyStats;
  daily: { day: string; xp: number; cycles: number; seconds: number }[];
  devices: { kind: string; created_at: string; last_sync_at: string | null; is_current: boolean }[];
  achievements: { id: string; unlocked_on: string }[];
}

describe('get_my_progress', () => {
  it('returns stats, the summed daily series within the window, devices and achievements', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      const stats = await push(
        db.client,
        a,
        [
          { day: addDays(today, -2), xp: 30, cycles: 60, seconds: 300 },
          { day: addDays(today, -1), xp: 10, cycles: 20, seconds: 100 },
          { day: today, xp: 10, cycles: 25, seconds: 100 },
        ],
        today,
      );
      const b = await createDevice(db.client);
      await db.client.query(
        'insert into public.player_devices (user_id, player_id, kind) values ($1, $2, $3)',
        [b, stats.player_id, 'web'],
      );
      await push(db.client, b, [{ day: today, xp: 5, cycles: 2, seconds: 20 }], today);
      const progress = await rpc<Progress>(db.client, device(b), 'get_my_progress', { days: 2 });
      expect(progress.stats).toMatchObject({ total_xp: 55, device_count: 2, current_streak: 3 });
      expect(progress.daily).toEqual([
        { day: addDays(today, -1), xp: 10, cycles: 20, seconds: 100 },
        { day: today, xp: 15, cycles: 27, seconds: 120 },
      ]);
      expect(progress.devices.map((d) => [d.kind, d.is_current])).toEqual([
        ['vscode', false],
        ['web', true],
      ]);
      expect(progress.achievements).toEqual([
        { id: 'first-breath', unlocked_on: addDays(today, -2) },
        { id: 'five-minutes', unlocked_on: addDays(today, -2) },
        { id: 'cycles-100', unlocked_on: today },
        { id: 'streak-3', unlocked_on: today },
      ]);
    }));

  it('refuses a window outside 1..3660 days and unregistered devices', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      await expectError(db.client, () => rpc(db.client, device(a), 'get_my_progress'), {
        code: 'PT404',
        message: 'not_registered',
      });
      await push(db.client, a, [], today);
      for (const days of [0, 3661, null]) {
        await expectError(db.client, () => rpc(db.client, device(a), 'get_my_progress', { days }), {
          code: 'PT400',
          message: 'invalid_payload',
        });
      }
    }));
});

describe('set_leaderboard_visibility and regenerate_handle', () => {
  it('hide and show the player and draw a new unique handle', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      const before = await push(db.client, a, [{ day: today, xp: 4, cycles: 1, seconds: 60 }], today);
      const hidden = await rpc<MyStats>(db.client, device(a), 'set_leaderboard_visibility', {
        visible: false,
      });
      expect(hidden.show_on_leaderboard).toBe(false);
      const player = await db.client.query('select show_on_leaderboard from public.players where id = $1', [
        before.player_id,
      ]);
      expect(player.rows).toEqual([{ show_on_leaderboard: false }]);
      expect(
        (await rpc<MyStats>(db.client, device(a), 'set_leaderboard_visibility', { visible: true }))
          .show_on_leaderboard,
      ).toBe(true);
      await expectError(
        db.client,
        () => rpc(db.client, device(a), 'set_leaderboard_visibility', { visible: null }),
        {
          code: 'PT400',
          message: 'invalid_payload',
        },
      );
      const renamed = await rpc<MyStats>(db.client, device(a), 'regenerate_handle');
      expect(renamed.handle).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{4}$/);
      expect(renamed).toEqual({ ...before, handle: renamed.handle });
    }));

  it('draws again when the random handle is taken, and says so when none is left', () =>
    inTransaction(db.client, async () => {
      // One adjective and one animal leave 9000 handles; take every odd number, then all of them.
      await db.client.query(`delete from private.handle_words where word not in ('Calm', 'Otter')`);
      await db.client.query(
        `insert into public.players (handle) select 'Calm Otter ' || n from generate_series(1001, 9999, 2) n`,
      );
      const a = await createDevice(db.client);
      const stats = await push(db.client, a, [], today);
      expect(Number(stats.handle.slice(-4)) % 2).toBe(0);
      await db.client.query(
        `insert into public.players (handle) select 'Calm Otter ' || n from generate_series(1000, 9998, 2) n
         on conflict do nothing`,
      );
      await expectError(db.client, () => rpc(db.client, device(a), 'regenerate_handle'), {
        code: 'PT500',
        message: 'handle_exhausted',
      });
    }));
});

describe('every RPC that needs a player', () => {
  const calls: [string, Record<string, unknown>][] = [
    ['get_my_progress', {}],
    ['set_leaderboard_visibility', { visible: false }],
    ['regenerate_handle', {}],
    ['export_my_data', {}],
    ['create_pairing_code', {}],
    ['create_team', { name: 'Early birds' }],
    ['join_team', { code: 'ABCDEFGH' }],
    ['get_team', { team_id: '00000000-0000-4000-8000-000000000000' }],
  ];

  it.each(calls)(
    '%s answers not_registered before the first sync and not_authenticated without a user',
    (fn, args) =>
      inTransaction(db.client, async () => {
        const fresh = await createDevice(db.client);
        await expectError(db.client, () => rpc(db.client, device(fresh), fn, args), {
          code: 'PT404',
          message: 'not_registered',
        });
        await expectError(db.client, () => rpc(db.client, { role: 'service_role' }, fn, args), {
          code: 'PT401',
          message: 'not_authenticated',
        });
      }),
  );
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let db: TestDatabase;
let today: string;

beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

const day = (offset: number, xp: number, cycles: number, seconds: number) => ({
  day: addDays(today, offset),
  xp,
  cycles,
  seconds,
});

async function storedRows(userId: string) {
  const { rows } = await db.client.query(
    'select day::text, xp, cycles, seconds from public.daily_progress where device_id = $1 order by day',
    [userId],
  );
  return rows;
}

describe('sync_progress success path', () => {
  it('registers the device, creates a player with a generated handle and returns my_stats', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      const stats = await push(db.client, me, [day(-1, 20, 10, 160), day(0, 14, 4, 70)], today);
      expect(stats.handle).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ \d{4}$/);
      expect(stats).toMatchObject({
        show_on_leaderboard: true,
        total_xp: 34,
        level: 1,
        total_cycles: 14,
        total_seconds: 230,
        active_days: 2,
        current_streak: 2,
        longest_streak: 2,
        last_active_day: today,
        device_count: 1,
      });
      const devices = await db.client.query(
        'select kind, player_id from public.player_devices where user_id = $1',
        [me],
      );
      expect(devices.rows).toEqual([{ kind: 'vscode', player_id: stats.player_id }]);
    }));

  it('keeps the maximum per counter, so repeats and stale pushes change nothing', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      await push(db.client, me, [day(0, 10, 5, 100)], today);
      await push(db.client, me, [day(0, 30, 2, 90)], today);
      const again = await push(db.client, me, [day(0, 30, 2, 90)], today);
      expect(await storedRows(me)).toEqual([{ day: today, xp: 30, cycles: 5, seconds: 100 }]);
      expect(again).toMatchObject({ total_xp: 30, total_cycles: 5, total_seconds: 100 });
    }));

  it('accepts an empty push, which only registers the device', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      const stats = await push(db.client, me, [], today, 'web');
      expect(stats).toMatchObject({ total_xp: 0, active_days: 0, current_streak: 0, last_active_day: null });
      const kinds = await db.client.query('select kind from public.player_devices where user_id = $1', [me]);
      expect(kinds.rows).toEqual([{ kind: 'web' }]);
    }));

  it('accepts the full window: 31 days from today back to today - 30, and a today one day off', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      const days = Array.from({ length: 31 }, (_, i) => day(-i, 4, 1, 60));
      const stats = await push(db.client, me, days, today);
      expect(stats).toMatchObject({ active_days: 31, current_streak: 31, total_xp: 124 });
      const ahead = await push(db.client, me, [day(1, 4, 1, 60)], addDays(today, 1));
      expect(ahead.active_days).toBe(32);
    }));

  it('accepts counters exactly at the plausibility bounds', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      // xp = ceil(61 / 3) + 10 = 31; cycles * 4 = 121 = seconds + 60.
      const stats = await push(db.client, me, [day(0, 31, 30, 61), day(-1, 28810, 21615, 86400)], today);
      expect(stats.total_xp).toBe(28841);
    }));

  it('sums devices of one player and counts a day active from 60 summed seconds', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      const stats = await push(db.client, me, [day(0, 4, 2, 59)], today);
      expect(stats.active_days).toBe(0);
      const other = await createDevice(db.client);
      await db.client.query('insert into public.player_devices (user_id, player_id) values ($1, $2)', [
        other,
        stats.player_id,
      ]);
      const both = await push(db.client, other, [day(0, 2, 1, 1)], today);
      expect(both).toMatchObject({ active_days: 1, total_seconds: 60, device_count: 2, current_streak: 1 });
    }));

  it('computes the week from today: weekly XP counts days from the Monday of today', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      const monday = (
        await db.client.query<{ d: string }>(`select private.week_start($1::date)::text as d`, [today])
      ).rows[0]?.d;
      const days = [0, -1, -7, -8].map((o) => day(o, 10, 2, 60));
      const stats = await push(db.client, me, days, today);
      const inWeek = days.filter((d) => d.day >= (monday ?? '')).length;
      expect(stats.week_start).toBe(monday);
      expect(stats.weekly_xp).toBe(10 * inWeek);
    }));
});

describe('sync_progress refuses bad pushes and changes nothing', () => {
  const cases: [string, unknown, string][] = [
    ['a non-array', { day: '2026-01-01' }, 'invalid_payload'],
    ['a JSON null', null, 'invalid_payload'],
    ['a non-object entry', [42], 'invalid_payload'],
    ['a missing counter', [{ day: 'TODAY', xp: 1, cycles: 1 }], 'invalid_payload'],
    ['a string counter', [{ day: 'TODAY', xp: '1', cycles: 1, seconds: 60 }], 'invalid_payload'],
    ['a fractional counter', [{ day: 'TODAY', xp: 1.5, cycles: 1, seconds: 60 }], 'invalid_payload'],
    ['a malformed day', [{ day: '22/11/2026', xp: 1, cycles: 1, seconds: 60 }], 'invalid_payload'],
    ['an impossible date', [{ day: '2026-02-30', xp: 1, cycles: 1, seconds: 60 }], 'invalid_payload'],
    ['a numeric day', [{ day: 20261122, xp: 1, cycles: 1, seconds: 60 }], 'invalid_payload'],
    [
      'a repeated day',
      [
        { day: 'TODAY', xp: 1, cycles: 1, seconds: 60 },
        { day: 'TODAY', xp: 2, cycles: 1, seconds: 60 },
      ],
      'invalid_payload',
    ],
    ['negative xp', [{ day: 'TODAY', xp: -1, cycles: 1, seconds: 60 }], 'implausible_counters'],
    ['a huge counter', [{ day: 'TODAY', xp: 1e20, cycles: 1, seconds: 60 }], 'implausible_counters'],
    [
      'more XP than the seconds allow',
      [{ day: 'TODAY', xp: 32, cycles: 1, seconds: 61 }],
      'implausible_counters',
    ],
    [
      'more cycles than the seconds allow',
      [{ day: 'TODAY', xp: 1, cycles: 31, seconds: 61 }],
      'implausible_counters',
    ],
    [
      'more seconds than a day has',
      [{ day: 'TODAY', xp: 1, cycles: 1, seconds: 86401 }],
      'implausible_counters',
    ],
    ['a day after today', [{ day: 'TOMORROW', xp: 1, cycles: 1, seconds: 60 }], 'day_out_of_window'],
    ['a day 31 days back', [{ day: 'MONTH_AGO', xp: 1, cycles: 1, seconds: 60 }], 'day_out_of_window'],
  ];

  function resolve(value: unknown): unknown {
    return JSON.parse(
      JSON.stringify(value)
        .replaceAll('"TODAY"', JSON.stringify(today))
        .replaceAll('"TOMORROW"', JSON.stringify(addDays(today, 1)))
        .replaceAll('"MONTH_AGO"', JSON.stringify(addDays(today, -31))),
    );
  }

  it.each(cases)('refuses %s', (_name, days, message) =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      await push(db.client, me, [day(0, 4, 1, 60)], today);
      await expectError(
        db.client,
        () => rpc(db.client, device(me), 'sync_progress', { days: JSON.stringify(resolve(days)), today }),
        { code: 'PT400', message },
      );
      expect(await storedRows(me)).toEqual([{ day: today, xp: 4, cycles: 1, seconds: 60 }]);
    }),
  );

  it('refuses more than 31 days as too_many_days', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      const days = Array.from({ length: 32 }, (_, i) => day(-i, 4, 1, 60));
      await expectError(db.client, () => push(db.client, me, days, today), {
        code: 'PT400',
        message: 'too_many_days',
      });
      const players = await db.client.query(
        'select count(*)::int as n from public.player_devices where user_id = $1',
        [me],
      );
      expect(players.rows).toEqual([{ n: 0 }]);
    }));

  it('refuses a today more than one day from the server date', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      for (const offset of [-2, 2]) {
        await expectError(db.client, () => push(db.client, me, [], addDays(today, offset)), {
          code: 'PT400',
          message: 'today_out_of_window',
        });
      }
    }));

  it('refuses an unknown device kind', () =>
    inTransaction(db.client, async () => {
      const me = await createDevice(db.client);
      await expectError(db.client, () => push(db.client, me, [], today, 'toaster'), {
        code: 'PT400',
        message: 'invalid_payload',
      });
    }));

  it('needs a signed-in device: anon may not call it, a token without a user gets not_authenticated', () =>
    inTransaction(db.client, async () => {
      await expectError(db.client, () => rpc(db.client, anon, 'sync_progress', { days: '[]', today }), {
        code: '42501',
      });
      await expectError(
        db.client,
        () =>
          queryAs(db.client, { role: 'service_role' }, 'select public.sync_progress($1::jsonb, $2::date)', [
            '[]',
            today,
          ]),
        { code: 'PT401', message: 'not_authenticated' },
      );
    }));

  it('refuses a device whose auth user no longer exists', () =>
    inTransaction(db.client, async () => {
      await expectError(db.client, () => push(db.client, '00000000-0000-4000-8000-000000000001', [], today), {
        code: 'PT401',
        message: 'not_authenticated',
      });
    }));
});

import {
  type DeviceDays,
  deriveAchievements,
  mergeDeviceDays,
  playerView,
  sumDeviceDays,
} from '@breath-master/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  createDevice,
  createTestDatabase,
  type DayCounters,
  device,
  inTransaction,
  type MyStats,
  push,
  rpc,
  serverToday,
  type TestDatabase,
} from './support/database.ts';

// The sync laws through the real database: pushes from several devices of one player, with duplicates,
// stale versions and any order, end in the stats packages/core computes (mergeDeviceDays per device, then
// playerView and deriveAchievements), which are also those of pushing each device's latest counters once.

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

interface Session {
  seconds: number;
  cycles: number;
  xp: number;
}

/** A session that the rules could produce: at most one cycle per 4 s and one XP per 3 s. */
const session = fc
  .record({
    seconds: fc.integer({ min: 0, max: 1200 }),
    cyclePart: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .chain(({ seconds, cyclePart }) => {
    const cycles = Math.floor((seconds / 4) * cyclePart);
    return fc.integer({ min: 0, max: Math.floor(seconds / 3) }).map((xp) => ({ seconds, cycles, xp }));
  });

/** Per device, per day offset (0..-9), the sessions of that day in the order they happened. */
const history = fc.array(
  fc.dictionary(fc.integer({ min: 0, max: 9 }).map(String), fc.array(session, { maxLength: 4 })),
  {
    minLength: 3,
    maxLength: 3,
  },
);

/** A device's counters for one day after its first `version` sessions (the daily bonus once there is one). */
function countersAt(sessions: readonly Session[], version: number): Omit<DayCounters, 'day'> {
  const done = sessions.slice(0, version);
  const seconds = done.reduce((s, x) => s + x.seconds, 0);
  return {
    seconds,
    cycles: done.reduce((s, x) => s + x.cycles, 0),
    xp: done.reduce((s, x) => s + x.xp, 0) + (seconds >= 60 ? 10 : 0),
  };
}

function pushDays(days: Record<string, Session[]>, version: number): DayCounters[] {
  return Object.entries(days).map(([offset, sessions]) => ({
    day: addDays(today, -Number(offset)),
    ...countersAt(sessions, version),
  }));
}

const STATS_FIELDS: (keyof MyStats)[] = [
  'total_xp',
  'level',
  'total_cycles',
  'total_seconds',
  'active_days',
  'current_streak',
  'longest_streak',
  'last_active_day',
  'week_start',
  'weekly_xp',
  'device_count',
];
const pick = (s: MyStats) => Object.fromEntries(STATS_FIELDS.map((f) => [f, s[f]]));

/** A player with three devices (the first registers, the others pair). */
async function threeDevicePlayer(): Promise<string[]> {
  const devices = [
    await createDevice(db.client),
    await createDevice(db.client),
    await createDevice(db.client),
  ];
  await push(db.client, devices[0] as string, [], today);
  for (const other of devices.slice(1)) {
    const { code } = await rpc<{ code: string }>(
      db.client,
      device(devices[0] as string),
      'create_pairing_code',
    );
    await rpc(db.client, device(other), 'redeem_pairing_code', { code, device_kind: 'vscode' });
  }
  return devices;
}

describe('convergence', () => {
  it("any order, duplicates and stale pushes end in the stats of each device's latest counters pushed once", async () => {
    await fc.assert(
      fc.asyncProperty(
        history,
        fc.array(
          fc.record({ device: fc.integer({ min: 0, max: 2 }), version: fc.integer({ min: 0, max: 4 }) }),
          {
            maxLength: 10,
          },
        ),
        async (devicesHistory, pushes) =>
          inTransaction(db.client, async () => {
            // Every device ends with a push of its latest counters; the rest are earlier, repeated or late.
            const schedule = [...pushes, ...devicesHistory.map((_, d) => ({ device: d, version: 4 }))];
            // Interleave the final pushes among the others (7919 is prime, so this permutes any schedule here).
            const shuffled = schedule
              .map((p, i) => ({ p, key: (i * 7919) % schedule.length }))
              .sort((a, b) => a.key - b.key);
            const scrambled = await threeDevicePlayer();
            let last: MyStats | undefined;
            for (const { p } of [...shuffled, ...shuffled.slice(0, 3)]) {
              last = await push(
                db.client,
                scrambled[p.device] as string,
                pushDays(devicesHistory[p.device] ?? {}, p.version),
                today,
              );
            }
            const clean = await threeDevicePlayer();
            let once: MyStats | undefined;
            for (const [d, days] of devicesHistory.entries()) {
              once = await push(db.client, clean[d] as string, pushDays(days, 4), today);
            }
            if (last === undefined || once === undefined) throw new Error('no push made');
            expect(pick(last)).toEqual(pick(once));

            // What packages/core computes from the same pushes.
            const merged: DeviceDays[] = devicesHistory.map((_, d) =>
              [...shuffled, ...shuffled.slice(0, 3)]
                .filter(({ p }) => p.device === d)
                .reduce<DeviceDays>((acc, { p }) => {
                  const rows = pushDays(devicesHistory[d] ?? {}, p.version);
                  return mergeDeviceDays(acc, Object.fromEntries(rows.map(({ day, ...c }) => [day, c])));
                }, {}),
            );
            const view = playerView(merged, today);
            expect(pick(last)).toEqual({
              total_xp: view.totalXp,
              level: view.level.level,
              total_cycles: view.totalCycles,
              total_seconds: view.totalSeconds,
              active_days: view.activeDays,
              current_streak: view.currentStreak,
              longest_streak: view.longestStreak,
              last_active_day: view.lastActiveDay,
              week_start: view.weekStart,
              weekly_xp: view.weeklyXp,
              device_count: 3,
            });
            const progress = await rpc<{ achievements: { id: string; unlocked_on: string }[] }>(
              db.client,
              device(scrambled[0] as string),
              'get_my_progress',
            );
            expect(progress.achievements).toEqual(
              deriveAchievements(sumDeviceDays(merged)).map((a) => ({ id: a.id, unlocked_on: a.unlockedOn })),
            );
            // And the stored rows are exactly each device's latest counters.
            const stored = await db.client.query(
              `select d.day::text, d.xp, d.cycles, d.seconds, array_position($1::uuid[], d.device_id) - 1 as device
               from public.daily_progress d where d.device_id = any($1::uuid[]) order by device, day`,
              [scrambled],
            );
            const expected = devicesHistory
              .flatMap((days, d) => pushDays(days, 4).map((c) => ({ ...c, device: d })))
              .sort((a, b) => a.device - b.device || a.day.localeCompare(b.day));
            expect(stored.rows).toEqual(expected);
          }),
      ),
      { numRuns: 25, seed: 20261122 },
    );
  });
});

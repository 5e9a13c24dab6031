import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  createDevice,
  createTestDatabase,
  type MyStats,
  serverToday,
  type TestDatabase,
} from './support/database.ts';

// Pushes that really run at the same time, on separate connections and committed, as PostgREST would run
// them: the row locks in sync_progress must serialise the stats rebuilds of one player.

let db: TestDatabase;
let connections: pg.Client[];
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
  connections = await Promise.all(
    [0, 1, 2].map(async () => {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      return c;
    }),
  );
});
afterAll(async () => {
  await Promise.all(connections.map((c) => c.end()));
  await db.close();
});

/** One PostgREST-like request: its own committed transaction as the device. */
async function request(c: pg.Client, userId: string, sql: string, values: unknown[]): Promise<unknown> {
  await c.query('begin');
  try {
    await c.query(`select set_config('request.jwt.claims', $1, true)`, [
      JSON.stringify({ sub: userId, role: 'authenticated' }),
    ]);
    await c.query('set local role authenticated');
    const result = await c.query<{ r: unknown }>(sql, values);
    await c.query('commit');
    return result.rows[0]?.r;
  } catch (error) {
    await c.query('rollback');
    throw error;
  }
}

const sync = (c: pg.Client, userId: string, days: unknown[]) =>
  request(c, userId, 'select public.sync_progress($1::jsonb, $2::date) as r', [
    JSON.stringify(days),
    today,
  ]) as Promise<MyStats>;

describe('concurrent requests', () => {
  it('a brand-new device pushing twice at once gets one player', async () => {
    const fresh = await createDevice(db.client);
    const [a, b] = await Promise.all([
      sync(connections[0] as pg.Client, fresh, [{ day: today, xp: 4, cycles: 1, seconds: 60 }]),
      sync(connections[1] as pg.Client, fresh, [{ day: today, xp: 4, cycles: 1, seconds: 60 }]),
    ]);
    expect(a.player_id).toBe(b.player_id);
    const players = await db.client.query(
      `select count(*)::int as n from public.players p where not exists (select 1 from public.player_devices d where d.player_id = p.id)`,
    );
    expect(players.rows).toEqual([{ n: 0 }]);
  });

  it('three devices of one player pushing at once never leave stale stats', async () => {
    const first = await createDevice(db.client);
    const owner = await sync(connections[0] as pg.Client, first, []);
    const devices = [first, await createDevice(db.client), await createDevice(db.client)];
    for (const d of devices.slice(1)) {
      await db.client.query('insert into public.player_devices (user_id, player_id) values ($1, $2)', [
        d,
        owner.player_id,
      ]);
    }
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        devices.map((d, i) =>
          sync(connections[i] as pg.Client, d, [
            { day: addDays(today, -round), xp: 10 + i, cycles: 5, seconds: 120 + round },
          ]),
        ),
      );
    }
    const stats = await db.client.query(
      'select total_xp, total_seconds, active_days, current_streak from public.player_stats where player_id = $1',
      [owner.player_id],
    );
    expect(stats.rows).toEqual([
      {
        total_xp: 20 * (10 + 11 + 12),
        total_seconds: 3 * (20 * 120 + 190),
        active_days: 20,
        current_streak: 20,
      },
    ]);
  });
});

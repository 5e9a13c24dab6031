import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDevice,
  createTestDatabase,
  type MyStats,
  serverToday,
  type TestDatabase,
} from './support/database.ts';

// The live marks and counters under writes that really run at the same time, committed on separate connections
// as PostgREST would run them, with flushes running in between: pushes never wait for one another on a shared
// row, and the tiles stay exactly get_global_stats().

let db: TestDatabase;
let connections: pg.Client[];
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
  connections = await Promise.all(
    [0, 1, 2, 3].map(async () => {
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

const connection = (i: number) => connections[i] as pg.Client;

async function asDevice(c: pg.Client, userId: string, sql: string, values: unknown[] = []): Promise<unknown> {
  await c.query(`select set_config('request.jwt.claims', $1, true)`, [
    JSON.stringify({ sub: userId, role: 'authenticated' }),
  ]);
  await c.query('set local role authenticated');
  const result = await c.query<{ r: unknown }>(sql, values);
  await c.query('reset role');
  return result.rows[0]?.r;
}

/** One committed request as the device. */
async function request(c: pg.Client, userId: string, sql: string, values: unknown[] = []): Promise<unknown> {
  await c.query('begin');
  try {
    const result = await asDevice(c, userId, sql, values);
    await c.query('commit');
    return result;
  } catch (error) {
    await c.query('rollback');
    throw error;
  }
}

const pushSql = 'select public.sync_progress($1::jsonb, $2::date) as r';
const sync = (c: pg.Client, userId: string, xp: number, seconds: number) =>
  request(c, userId, pushSql, [
    JSON.stringify([{ day: today, xp, cycles: 1, seconds }]),
    today,
  ]) as Promise<MyStats>;

describe('live marks and counters under concurrent writes', () => {
  it("lets a team member's push through while another member's push of the same team is still open", async () => {
    const a = await createDevice(db.client);
    const b = await createDevice(db.client);
    // Distinct scores: players in the same rank-histogram bucket do wait for each other there (not a live mark).
    await sync(connection(0), a, 10, 40);
    await sync(connection(0), b, 11, 40);
    const team = (await request(connection(0), a, `select public.create_team('Open') as r`)) as {
      join_code: string;
    };
    await request(connection(0), b, 'select public.join_team($1) as r', [team.join_code]);
    await db.client.query('select private.flush_live_boards()');

    const held = connection(1);
    await held.query('begin');
    try {
      await asDevice(held, a, pushSql, [
        JSON.stringify([{ day: today, xp: 20, cycles: 2, seconds: 70 }]),
        today,
      ]);
      const other = connection(2);
      await other.query('begin');
      try {
        await other.query(`set local statement_timeout = '5s'`);
        await asDevice(other, b, pushSql, [
          JSON.stringify([{ day: today, xp: 31, cycles: 2, seconds: 90 }]),
          today,
        ]);
        await other.query('commit');
      } catch (error) {
        await other.query('rollback');
        throw error;
      }
    } finally {
      await held.query('commit');
    }
    await db.client.query('select private.flush_live_boards()');
    const tiles = await db.client.query(
      'select private.fold_live_tiles() as folded, public.get_global_stats() as exact',
    );
    expect(tiles.rows[0].folded).toEqual(tiles.rows[0].exact);
    expect(tiles.rows[0].exact).toMatchObject({ active_today: 2 });
  });

  it('keep the tiles exact through concurrent pushes of shared players and flushes running between them', async () => {
    // Four players on two devices each, so devices of one player push at the same time.
    const devices: string[][] = [];
    for (let p = 0; p < 4; p += 1) {
      const first = await createDevice(db.client);
      const owner = await sync(connection(0), first, 0, 0);
      const second = await createDevice(db.client);
      await db.client.query('insert into public.player_devices (user_id, player_id) values ($1, $2)', [
        second,
        owner.player_id,
      ]);
      devices.push([first, second]);
    }
    // Every flush that sees a change sends, so the last one's snapshot is current.
    await db.client.query(`update private.live_settings set board_interval = interval '0 seconds'`);
    let flushing = true;
    const flusher = (async () => {
      while (flushing) await connection(3).query('select private.flush_live_boards()');
    })();
    try {
      // Each device climbs to 50 s: alone under the 60 s line, together over it, crossing it concurrently.
      for (let step = 1; step <= 5; step += 1) {
        await Promise.all(
          [0, 1, 2].map(async (worker) => {
            for (let i = worker; i < 8; i += 3) {
              const device = devices[Math.floor(i / 2)]?.[i % 2] as string;
              await sync(connection(worker), device, step, step * 10);
            }
          }),
        );
      }
    } finally {
      flushing = false;
      await flusher;
    }
    await db.client.query('select private.flush_live_boards()');
    const tiles = await db.client.query(
      'select private.fold_live_tiles() as folded, public.get_global_stats() as exact',
    );
    expect(tiles.rows[0].folded).toEqual(tiles.rows[0].exact);
    const live = await db.client.query(`select public.get_live_board() -> 'stats' as stats`);
    expect(live.rows[0].stats).toEqual(tiles.rows[0].exact);
  });
});

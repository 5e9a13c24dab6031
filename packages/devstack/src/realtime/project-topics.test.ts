import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuthUser, personaClaims } from '../testing/index.ts';
import { collect, joined, subscribe, TestClients, userToken } from './test-clients.ts';
import {
  startTestDatabase,
  startTestRealtimeServer,
  type TestDatabase,
  type TestRealtimeServer,
} from './test-stack.ts';

// Breath Master's own realtime topics (docs/live-boards.md) under the project's migrations and RLS policies:
// every topic is private and only the database sends. Visitors join `leaderboard` with the anon key and get
// the flush's `board` messages; `team:<id>` is for members only and `player:<id>` for that player's devices.

let db: TestDatabase;
let server: TestRealtimeServer;
let clients: TestClients;
let admin: pg.Client;

beforeAll(async () => {
  db = await startTestDatabase();
  server = await startTestRealtimeServer(db);
  clients = new TestClients(server.url);
  admin = new pg.Client({ connectionString: db.superuserUrl });
  await admin.connect();
}, 120_000);

afterEach(async () => {
  await clients.closeAll();
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
  await db?.stop();
});

/** Runs SQL as a signed-in device and commits, as a PostgREST request would. */
async function asDevice<T>(userId: string, sql: string, values: unknown[] = []): Promise<T> {
  const { role, claims } = personaClaims({ userId });
  await admin.query('begin');
  try {
    await admin.query(`set local role ${pg.escapeIdentifier(role)}`);
    await admin.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
    const result = await admin.query(sql, values);
    await admin.query('commit');
    return result.rows[0] as T;
  } catch (error) {
    await admin.query('rollback');
    throw error;
  }
}

async function registeredDevice(): Promise<string> {
  const { id } = await createAuthUser(admin);
  await asDevice(id, `select public.sync_progress('[]'::jsonb, current_date)`);
  return id;
}

/** Runs the live flush as the scheduler does (superuser), as often as needed: no interval in between. */
async function flush(): Promise<void> {
  await db.sql(`update private.live_settings set board_interval = interval '0 seconds'`);
  await db.sql('select private.flush_live_boards()');
}

describe("the project's realtime topics", () => {
  it('lets a visitor receive board messages on the private leaderboard, but not send on it', async () => {
    const visitor = (await clients.create()).channel('leaderboard', {
      config: { private: true, broadcast: { ack: true } },
    });
    const boards = collect(visitor, 'board');
    await joined(visitor);
    const device = await registeredDevice();
    const stats = await asDevice<{ sync_progress: { player_id: string } }>(
      device,
      `select public.sync_progress(jsonb_build_array(jsonb_build_object('day', d, 'xp', 20, 'cycles', 10,
         'seconds', 200)), d) from (select (now() at time zone 'utc')::date as d) today`,
    );
    await flush();
    await boards.waitFor(1);
    const board = boards.received[0]?.payload as {
      seq: number;
      all_time?: { rows: { player_id: string }[] };
    };
    expect(board.seq).toBeGreaterThanOrEqual(1);
    expect(board.all_time?.rows.map((r) => r.player_id)).toContain(stats.sync_progress.player_id);
    expect(await visitor.send({ type: 'broadcast', event: 'board', payload: {} })).toBe('error');
  });

  it("opens team:<id> to its members only and delivers the flush's team message", async () => {
    const owner = await registeredDevice();
    const stranger = await registeredDevice();
    const team = await asDevice<{ create_team: { id: string } }>(
      owner,
      `select public.create_team('Calm coders')`,
    );
    const topic = `team:${team.create_team.id}`;

    const refused = await subscribe(
      (await clients.create({ token: () => userToken(stranger) })).channel(topic, {
        config: { private: true },
      }),
    );
    expect(refused.status).toBe('CHANNEL_ERROR');
    expect(refused.error?.message).toMatch(/^Unauthorized: You do not have permissions to read/);

    const member = (await clients.create({ token: () => userToken(owner) })).channel(topic, {
      config: { private: true, broadcast: { ack: true } },
    });
    const updates = collect(member, 'team');
    await joined(member);
    await asDevice(owner, `select public.set_team_goal($1, 'minutes', 60, current_date + 6)`, [
      team.create_team.id,
    ]);
    await flush();
    await updates.waitFor(1);
    expect(updates.received[0]?.payload).toMatchObject({
      team: { id: team.create_team.id, name: 'Calm coders', goal: { metric: 'minutes', target: 60 } },
      members: [expect.objectContaining({ handle: expect.any(String) })],
    });
    expect(await member.send({ type: 'broadcast', event: 'team', payload: {} })).toBe('error');
  });

  it("delivers my_stats on player:<id> to the player's other device, and to no one else", async () => {
    const first = await registeredDevice();
    const second = await registeredDevice();
    const stranger = await registeredDevice();
    const code = await asDevice<{ create_pairing_code: { code: string } }>(
      first,
      'select public.create_pairing_code()',
    );
    const paired = await asDevice<{ redeem_pairing_code: { player_id: string } }>(
      second,
      'select public.redeem_pairing_code($1)',
      [code.create_pairing_code.code],
    );
    const topic = `player:${paired.redeem_pairing_code.player_id}`;

    const refused = await subscribe(
      (await clients.create({ token: () => userToken(stranger) })).channel(topic, {
        config: { private: true },
      }),
    );
    expect(refused.status).toBe('CHANNEL_ERROR');

    const other = (await clients.create({ token: () => userToken(second) })).channel(topic, {
      config: { private: true },
    });
    const heard = collect(other, 'my_stats');
    await joined(other);
    await asDevice(
      first,
      `select public.sync_progress(jsonb_build_array(jsonb_build_object('day', d, 'xp', 30, 'cycles', 10,
         'seconds', 200)), d) from (select (now() at time zone 'utc')::date as d) today`,
    );
    await heard.waitFor(1);
    expect(heard.received[0]?.payload).toMatchObject({
      player_id: paired.redeem_pairing_code.player_id,
      total_xp: 30,
      device_count: 2,
    });
  });

  it('refuses an unknown team topic even to a registered device', async () => {
    const device = await registeredDevice();
    const result = await subscribe(
      (await clients.create({ token: () => userToken(device) })).channel(`team:${randomUUID()}`, {
        config: { private: true },
      }),
    );
    expect(result.status).toBe('CHANNEL_ERROR');
  });
});

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

// Breath Master's own realtime topics (ARCHITECTURE.md, "Realtime topics") under the project's
// migrations and RLS policies: the leaderboard readable by visitors, and `team:<id>` for members only,
// fed by the team_goals trigger.

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

describe("the project's realtime topics", () => {
  it('lets a visitor receive the leaderboard as a private channel, but not send on it', async () => {
    const visitor = (await clients.create()).channel('leaderboard', {
      config: { private: true, broadcast: { ack: true } },
    });
    const heard = collect(visitor, 'player_removed');
    await joined(visitor);
    await db.sql(`select realtime.send('{"player_id":"p1"}'::jsonb, 'player_removed', 'leaderboard', true)`);
    await heard.waitFor(1);
    expect(heard.received[0]?.payload).toMatchObject({ player_id: 'p1' });
    expect(await visitor.send({ type: 'broadcast', event: 'player_removed', payload: {} })).toBe('error');
  });

  it('opens team:<id> to its members only and delivers team_goal from the trigger', async () => {
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
      config: { private: true },
    });
    const goals = collect(member, 'team_goal');
    await joined(member);
    await asDevice(owner, `select public.set_team_goal($1, 'minutes', 60, current_date + 6)`, [
      team.create_team.id,
    ]);
    await goals.waitFor(1);
    expect(goals.received[0]?.payload).toMatchObject({ id: team.create_team.id, name: 'Calm coders' });
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

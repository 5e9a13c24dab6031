import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anon,
  become,
  createDevice,
  createTestDatabase,
  device,
  expectError,
  inTransaction,
  type Persona,
  push,
  rpc,
  serverToday,
  superuser,
  type TestDatabase,
} from './support/database.ts';

// Broadcasts are rows in realtime.messages (what realtime.send writes and the Realtime server relays).

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

interface Message {
  topic: string;
  event: string;
  private: boolean;
  payload: Record<string, unknown>;
}

// Every test runs in a rolled-back transaction, where now() (and so inserted_at) never moves: watching starts
// from an empty table instead, and rows come back in insertion order (ctid; nothing is updated or vacuumed).
async function startWatching(): Promise<void> {
  await db.client.query('delete from realtime.messages');
}
async function sent(): Promise<Message[]> {
  const rows = await db.client.query<Message>(
    `select topic, event, private, payload from realtime.messages where extension = 'broadcast' order by ctid`,
  );
  return rows.rows;
}

const PUBLIC_FIELDS = [
  'current_streak',
  'handle',
  'level',
  'player_id',
  'total_xp',
  'week_start',
  'weekly_xp',
];

describe('leaderboard topic', () => {
  it('gets the public fields of a listed player whose stats change, once per change', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      await startWatching();
      const stats = await push(db.client, a, [{ day: today, xp: 20, cycles: 10, seconds: 200 }], today);
      const messages = await sent();
      expect(messages).toEqual([
        {
          topic: 'leaderboard',
          event: 'player_stats',
          private: false,
          payload: {
            player_id: stats.player_id,
            handle: stats.handle,
            level: 1,
            total_xp: 20,
            weekly_xp: 20,
            week_start: stats.week_start,
            current_streak: 1,
          },
        },
      ]);
      expect(Object.keys(messages[0]?.payload ?? {}).sort()).toEqual(PUBLIC_FIELDS);
      await startWatching();
      await push(db.client, a, [{ day: today, xp: 20, cycles: 10, seconds: 200 }], today);
      expect(await sent()).toEqual([]);
    }));

  it('gets nothing for hidden players or players without XP, and player_removed when a player hides or leaves', () =>
    inTransaction(db.client, async () => {
      const hidden = await createDevice(db.client);
      await startWatching();
      await push(db.client, hidden, [], today);
      await rpc(db.client, device(hidden), 'set_leaderboard_visibility', { visible: false });
      await push(db.client, hidden, [{ day: today, xp: 20, cycles: 10, seconds: 200 }], today);
      await rpc(db.client, device(hidden), 'regenerate_handle');
      expect((await sent()).filter((m) => m.topic === 'leaderboard')).toEqual([]);

      const a = await createDevice(db.client);
      const stats = await push(db.client, a, [{ day: today, xp: 20, cycles: 10, seconds: 200 }], today);
      await startWatching();
      await rpc(db.client, device(a), 'set_leaderboard_visibility', { visible: false });
      expect(await sent()).toEqual([
        {
          topic: 'leaderboard',
          event: 'player_removed',
          private: false,
          payload: { player_id: stats.player_id },
        },
      ]);
      await startWatching();
      await rpc(db.client, device(a), 'set_leaderboard_visibility', { visible: true });
      expect((await sent()).map((m) => m.event)).toEqual(['player_stats']);
      await startWatching();
      await rpc(db.client, device(a), 'delete_my_data');
      expect(await sent()).toEqual([
        {
          topic: 'leaderboard',
          event: 'player_removed',
          private: false,
          payload: { player_id: stats.player_id },
        },
      ]);
    }));
});

describe('team topics', () => {
  it("get member_stats for each member's change and team_goal when the goal's progress moves", () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      const b = await createDevice(db.client);
      await push(db.client, a, [{ day: today, xp: 20, cycles: 10, seconds: 200 }], today);
      await push(db.client, b, [], today);
      const team = await rpc<{ id: string; join_code: string }>(db.client, device(a), 'create_team', {
        name: 'Live',
      });
      await rpc(db.client, device(b), 'join_team', { code: team.join_code });
      await startWatching();
      const goal = await rpc(db.client, device(a), 'set_team_goal', {
        team_id: team.id,
        metric: 'cycles',
        target: 50,
        ends_on: today,
      });
      expect(await sent()).toEqual([
        { topic: `team:${team.id}`, event: 'team_goal', private: true, payload: goal },
      ]);
      await startWatching();
      const stats = await push(db.client, b, [{ day: today, xp: 12, cycles: 40, seconds: 300 }], today);
      const messages = await sent();
      expect(messages.map((m) => [m.topic, m.event, m.private])).toEqual([
        ['leaderboard', 'player_stats', false],
        [`team:${team.id}`, 'member_stats', true],
        [`team:${team.id}`, 'team_goal', true],
      ]);
      expect(messages[1]?.payload).toEqual(messages[0]?.payload);
      expect(messages[1]?.payload.player_id).toBe(stats.player_id);
      expect(messages[2]?.payload).toMatchObject({ id: team.id, goal: { progress: 50, reached_on: today } });
    }));
});

describe('realtime.messages policies', () => {
  async function canRead(persona: Persona, topic: string): Promise<boolean> {
    await become(db.client, superuser);
    await db.client.query(
      `insert into realtime.messages (topic, extension, event, payload, private) values ($1, 'broadcast', 'probe', '{}', true)`,
      [topic],
    );
    await become(db.client, persona);
    await db.client.query(`select set_config('realtime.topic', $1, true)`, [topic]);
    const seen = await db.client.query(
      `select 1 from realtime.messages where topic = realtime.topic() and event = 'probe'`,
    );
    await become(db.client, superuser);
    await db.client.query(`delete from realtime.messages where event = 'probe'`);
    return (seen.rowCount ?? 0) > 0;
  }

  async function send(persona: Persona, topic: string): Promise<void> {
    await become(db.client, persona);
    await db.client.query(`select set_config('realtime.topic', $1, true)`, [topic]);
    await db.client.query(
      `insert into realtime.messages (topic, extension, event, payload, private) values (realtime.topic(), 'broadcast', 'hi', '{}', true)`,
    );
    await become(db.client, superuser);
  }

  it('let members, and only members, receive and send on their team topic', () =>
    inTransaction(db.client, async () => {
      const member = await createDevice(db.client);
      const outsider = await createDevice(db.client);
      await push(db.client, member, [], today);
      await push(db.client, outsider, [], today);
      const team = await rpc<{ id: string }>(db.client, device(member), 'create_team', { name: 'Closed' });
      const topic = `team:${team.id}`;
      expect(await canRead(device(member), topic)).toBe(true);
      expect(await canRead(device(outsider), topic)).toBe(false);
      expect(await canRead(anon, topic)).toBe(false);
      expect(await canRead(device(member), 'team:not-a-uuid')).toBe(false);
      await send(device(member), topic);
      await expectError(db.client, () => send(device(outsider), topic), { code: '42501' });
      await expectError(db.client, () => send(anon, topic), { code: '42501' });
    }));

  it('let anyone receive the leaderboard privately, and no client send on it', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      expect(await canRead(anon, 'leaderboard')).toBe(true);
      expect(await canRead(device(a), 'leaderboard')).toBe(true);
      await expectError(db.client, () => send(device(a), 'leaderboard'), { code: '42501' });
      await expectError(db.client, () => send(anon, 'leaderboard'), { code: '42501' });
    }));
});

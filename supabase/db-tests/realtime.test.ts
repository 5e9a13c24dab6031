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
import { type Message, sent, startWatching } from './support/realtime.ts';

// Who may receive which private topic (RLS select on realtime.messages, as Realtime checks a join), that no
// client may send on any topic, and the `my_stats` messages of `player:<id>` (docs/live-boards.md).

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

const day = () => [{ day: today, xp: 20, cycles: 10, seconds: 200 }];

/** A probe row written by the database; whether the persona's select sees it on that topic. */
async function canRead(persona: Persona, topic: string, extension = 'broadcast'): Promise<boolean> {
  await become(db.client, superuser);
  await db.client.query(
    `insert into realtime.messages (topic, extension, event, payload, private) values ($1, $2, 'probe', '{}', true)`,
    [topic, extension],
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

/** A client's send, as Realtime authorises it: an insert on realtime.messages under the topic. */
async function send(persona: Persona, topic: string, extension = 'broadcast'): Promise<void> {
  await become(db.client, persona);
  await db.client.query(`select set_config('realtime.topic', $1, true)`, [topic]);
  await db.client.query(
    `insert into realtime.messages (topic, extension, event, payload, private) values (realtime.topic(), $1, 'hi', '{}', true)`,
    [extension],
  );
  await become(db.client, superuser);
}

interface Cast {
  member: string;
  memberPlayer: string;
  second: string;
  stranger: string;
  strangerPlayer: string;
  unregistered: string;
  team: string;
}

/** A player on two devices who owns a team, a stranger with a player of its own, a device that never synced. */
async function cast(): Promise<Cast> {
  const member = await createDevice(db.client);
  const second = await createDevice(db.client);
  const stranger = await createDevice(db.client);
  const unregistered = await createDevice(db.client);
  const mine = await push(db.client, member, day(), today);
  const code = await rpc<{ code: string }>(db.client, device(member), 'create_pairing_code');
  await rpc(db.client, device(second), 'redeem_pairing_code', { code: code.code });
  const theirs = await push(db.client, stranger, day(), today);
  const team = await rpc<{ id: string }>(db.client, device(member), 'create_team', { name: 'Closed' });
  return {
    member,
    memberPlayer: mine.player_id,
    second,
    stranger,
    strangerPlayer: theirs.player_id,
    unregistered,
    team: team.id,
  };
}

describe('realtime.messages policies', () => {
  it('let visitors and devices receive the leaderboard, and nothing else reach visitors', () =>
    inTransaction(db.client, async () => {
      const c = await cast();
      for (const persona of [anon, device(c.member), device(c.stranger), device(c.unregistered)])
        expect(await canRead(persona, 'leaderboard')).toBe(true);
      expect(await canRead(anon, `player:${c.memberPlayer}`)).toBe(false);
      expect(await canRead(anon, `team:${c.team}`)).toBe(false);
      expect(await canRead(anon, 'breathing-now')).toBe(false);
    }));

  it('let every device of a player, and only those, receive its player topic', () =>
    inTransaction(db.client, async () => {
      const c = await cast();
      const topic = `player:${c.memberPlayer}`;
      expect(await canRead(device(c.member), topic)).toBe(true);
      expect(await canRead(device(c.second), topic)).toBe(true);
      expect(await canRead(device(c.stranger), topic)).toBe(false);
      expect(await canRead(device(c.unregistered), topic)).toBe(false);
      expect(await canRead(device(c.unregistered), 'player:')).toBe(false);
      expect(await canRead(device(c.stranger), `player:${c.strangerPlayer}`)).toBe(true);
    }));

  it('let members, and only members, receive their team topic', () =>
    inTransaction(db.client, async () => {
      const c = await cast();
      const topic = `team:${c.team}`;
      expect(await canRead(device(c.member), topic)).toBe(true);
      expect(await canRead(device(c.second), topic)).toBe(true);
      expect(await canRead(device(c.stranger), topic)).toBe(false);
      expect(await canRead(device(c.unregistered), topic)).toBe(false);
      expect(await canRead(device(c.member), 'team:not-a-uuid')).toBe(false);
    }));

  it('open no topic to presence', () =>
    inTransaction(db.client, async () => {
      const c = await cast();
      expect(await canRead(anon, 'leaderboard', 'presence')).toBe(false);
      expect(await canRead(device(c.member), 'leaderboard', 'presence')).toBe(false);
      expect(await canRead(device(c.member), `team:${c.team}`, 'presence')).toBe(false);
      expect(await canRead(device(c.member), `player:${c.memberPlayer}`, 'presence')).toBe(false);
    }));

  it('let no client send on any topic, not even one it may receive', () =>
    inTransaction(db.client, async () => {
      const c = await cast();
      const topics = [
        'leaderboard',
        `player:${c.memberPlayer}`,
        `team:${c.team}`,
        'breathing-now',
        'anything',
      ];
      const personas = [anon, device(c.member), device(c.second), device(c.stranger), device(c.unregistered)];
      for (const persona of personas)
        for (const topic of topics)
          for (const extension of ['broadcast', 'presence'])
            await expectError(db.client, () => send(persona, topic, extension), { code: '42501' });
    }));
});

describe('player topic', () => {
  const myStats = (messages: Message[]) => messages.filter((m) => m.event === 'my_stats');

  it('gets nothing while the player has a single device', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      await startWatching(db.client);
      await push(db.client, a, day(), today);
      await push(db.client, a, [{ day: today, xp: 30, cycles: 12, seconds: 240 }], today);
      expect(myStats(await sent(db.client))).toEqual([]);
    }));

  it("gets my_stats, exactly as sync_progress answers, when a multi-device player's stats change", () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      const b = await createDevice(db.client);
      const first = await push(db.client, a, day(), today);
      const code = await rpc<{ code: string }>(db.client, device(a), 'create_pairing_code');
      await startWatching(db.client);
      const paired = await rpc(db.client, device(b), 'redeem_pairing_code', { code: code.code });
      expect(myStats(await sent(db.client))).toEqual([
        { topic: `player:${first.player_id}`, event: 'my_stats', private: true, payload: paired },
      ]);

      await startWatching(db.client);
      const stats = await push(db.client, b, [{ day: today, xp: 15, cycles: 5, seconds: 120 }], today);
      expect(stats.device_count).toBe(2);
      expect(await sent(db.client)).toEqual([
        { topic: `player:${first.player_id}`, event: 'my_stats', private: true, payload: stats },
      ]);

      // A retried push changes nothing, so it sends nothing.
      await startWatching(db.client);
      await push(db.client, b, [{ day: today, xp: 15, cycles: 5, seconds: 120 }], today);
      expect(await sent(db.client)).toEqual([]);

      // A new handle is a my_stats field too.
      await startWatching(db.client);
      const renamed = await rpc(db.client, device(a), 'regenerate_handle');
      expect(myStats(await sent(db.client)).map((m) => m.payload)).toEqual([renamed]);
    }));

  it('no longer sends anything on the public leaderboard topic from a push', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      await startWatching(db.client);
      await push(db.client, a, day(), today);
      await rpc(db.client, device(a), 'set_leaderboard_visibility', { visible: false });
      await rpc(db.client, device(a), 'delete_my_data');
      expect(await sent(db.client)).toEqual([]);
    }));
});

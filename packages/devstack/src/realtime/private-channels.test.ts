import { randomUUID } from 'node:crypto';
import type { RealtimeChannel } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY } from '../keys.ts';
import { collect, joined, subscribe, TestClients, until, userToken } from './test-clients.ts';
import {
  startTestDatabase,
  startTestRealtimeServer,
  type TestDatabase,
  type TestRealtimeServer,
} from './test-stack.ts';

// Private channels are decided by RLS on realtime.messages, as in Supabase: members of one room may
// receive and send, a "reader" may only receive, everyone else is refused.

const room = randomUUID();
const member = randomUUID();
const reader = randomUUID();
const stranger = randomUUID();
const topic = `room:${room}`;

let db: TestDatabase;
let server: TestRealtimeServer;
let clients: TestClients;

beforeAll(async () => {
  db = await startTestDatabase();
  await db.sql(`
    create policy "room members and readers receive" on realtime.messages for select to authenticated
      using (realtime.topic() = 'room:${room}' and auth.uid() in ('${member}', '${reader}'));
    create policy "room members send" on realtime.messages for insert to authenticated
      with check (realtime.topic() = 'room:${room}' and auth.uid() = '${member}');
  `);
  server = await startTestRealtimeServer(db);
  clients = new TestClients(server.url);
}, 120_000);

afterEach(async () => {
  await clients.closeAll();
});

afterAll(async () => {
  await server?.stop();
  await db?.stop();
});

async function privateChannel(
  user: string | null,
  options: { ack?: boolean } = {},
): Promise<RealtimeChannel> {
  const token = user === null ? undefined : userToken(user);
  const c = await clients.create(token === undefined ? {} : { token: () => token });
  return c.channel(topic, { config: { private: true, broadcast: { ack: options.ack ?? false } } });
}

/** Every status the subscribe callback reports, in order. */
function statuses(channel: RealtimeChannel): Array<{ status: string; error?: Error }> {
  const seen: Array<{ status: string; error?: Error }> = [];
  channel.subscribe((status, error) => seen.push({ status, ...(error ? { error } : {}) }));
  return seen;
}

describe('private channels', () => {
  it('refuses a stranger and anon, with the reason in CHANNEL_ERROR', async () => {
    const refused = await subscribe(await privateChannel(stranger));
    expect(refused.status).toBe('CHANNEL_ERROR');
    expect(refused.error?.message).toBe(
      `Unauthorized: You do not have permissions to read from this Channel topic: ${topic}`,
    );
    const anon = await subscribe(await privateChannel(null));
    expect(anon.status).toBe('CHANNEL_ERROR');
  });

  it('lets a member join and send, and a reader receive but not send', async () => {
    const memberChannel = await joined(await privateChannel(member, { ack: true }));
    const readerChannel = await privateChannel(reader, { ack: true });
    const atReader = collect(readerChannel, 'breath');
    const atMember = collect(memberChannel, 'breath');
    await joined(readerChannel);

    expect(await memberChannel.send({ type: 'broadcast', event: 'breath', payload: { n: 1 } })).toBe('ok');
    await atReader.waitFor(1);
    expect(atReader.received[0]?.payload).toEqual({ n: 1 });

    expect(await readerChannel.send({ type: 'broadcast', event: 'breath', payload: { n: 2 } })).toBe('error');
    // The refused message went nowhere: the member's next message is the first one it hears.
    expect(await memberChannel.send({ type: 'broadcast', event: 'breath', payload: { n: 3 } })).toBe('ok');
    await atReader.waitFor(2);
    expect(atReader.received.map((m) => m.payload)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(atMember.received).toEqual([]);
  });

  it("lets the reader see the member's presence but not track its own", async () => {
    const c = await clients.create({ token: () => userToken(member) });
    const memberChannel = c.channel(topic, { config: { private: true, presence: { key: 'member' } } });
    await joined(memberChannel);
    const r = await clients.create({ token: () => userToken(reader) });
    const readerChannel = r.channel(topic, { config: { private: true, presence: { key: 'reader' } } });
    readerChannel.on('presence', { event: 'sync' }, () => {});
    await joined(readerChannel);

    expect(await memberChannel.track({ breathing: true })).toBe('ok');
    await until(() => Object.keys(readerChannel.presenceState()).includes('member'), 'the member to show');
    expect(await readerChannel.track({ breathing: true })).toBe('error');
    expect(Object.keys(memberChannel.presenceState())).toEqual(['member']);
  });

  it('delivers private database messages to private channels only', async () => {
    const privateOne = await privateChannel(member);
    const atPrivate = collect(privateOne, 'team_goal');
    await joined(privateOne);
    const publicOne = (await clients.create()).channel(topic);
    const atPublic = collect(publicOne, 'team_goal');
    await joined(publicOne);

    await db.sql(`select realtime.send('{"goal":1}'::jsonb, 'team_goal', $1, true)`, [topic]);
    await db.sql(`select realtime.send('{"goal":2}'::jsonb, 'team_goal', $1, false)`, [topic]);
    await atPrivate.waitFor(1);
    await atPublic.waitFor(1);
    expect(atPrivate.received.map((m) => (m.payload as { goal: number }).goal)).toEqual([1]);
    expect(atPublic.received.map((m) => (m.payload as { goal: number }).goal)).toEqual([2]);
  });

  it('delivers HTTP broadcasts to a private topic only from callers allowed to send there', async () => {
    const listener = await privateChannel(reader);
    const heard = collect(listener, 'http');
    await joined(listener);
    const post = (token: string, n: number) =>
      fetch(`${server.url}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: {
          apikey: LOCAL_ANON_KEY,
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ messages: [{ topic, event: 'http', payload: { n }, private: true }] }),
      });
    expect((await post(userToken(stranger), 1)).status).toBe(202);
    expect((await post(userToken(member), 2)).status).toBe(202);
    await heard.waitFor(1);
    expect(heard.received.map((m) => m.payload)).toEqual([{ n: 2 }]);
    expect(server.logs.some((line) => line.includes(`HTTP broadcast to private ${topic} refused`))).toBe(
      true,
    );
  });

  it('re-checks access when the token changes and closes the channel when it no longer holds', async () => {
    const c = await clients.create({ token: () => userToken(member) });
    const channel = c.channel(topic, { config: { private: true } });
    const system: Array<Record<string, unknown>> = [];
    channel.on('system', {}, (message) => system.push(message));
    const seen = statuses(channel);
    await until(() => seen.length > 0, 'the join');
    expect(seen[0]?.status).toBe('SUBSCRIBED');

    // A fresh token for the same member keeps the channel open.
    await c.realtime.setAuth(userToken(member, 7200));
    await c.realtime.sendHeartbeat();
    // Another member's token is re-checked against RLS: a stranger may not read the room.
    await c.realtime.setAuth(userToken(stranger));
    await until(() => seen.some((s) => s.status === 'CLOSED'), 'the channel to close');
    expect(system.at(-1)).toMatchObject({
      status: 'error',
      extension: 'system',
      message: `You no longer have permission to read from this Channel topic: ${topic}`,
    });
    expect(seen.map((s) => s.status)).toEqual(['SUBSCRIBED', 'CLOSED']);
    expect(system).toHaveLength(1);
  });

  it("refuses a join whose token has expired, with Realtime's reason", async () => {
    const c = await clients.create({ token: () => userToken(member, -30) });
    const result = await subscribe(c.channel('late'));
    expect(result.status).toBe('CHANNEL_ERROR');
    expect(result.error?.message).toMatch(/^InvalidJWTToken: Token has expired (30|31) seconds ago$/);
  });

  it('closes a channel with a system message when the new token has expired', async () => {
    const c = await clients.create({ token: () => userToken(member) });
    const channel = c.channel('expiring');
    const system: Array<Record<string, unknown>> = [];
    channel.on('system', {}, (message) => system.push(message));
    const seen = statuses(channel);
    await until(() => seen.length > 0, 'the join');
    expect(seen[0]?.status).toBe('SUBSCRIBED');

    await c.realtime.setAuth(userToken(member, -10));
    await until(() => seen.some((s) => s.status === 'CLOSED'), 'the channel to close');
    expect(system.at(-1)).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^Token has expired \d+ seconds ago$/),
    });
  });
});

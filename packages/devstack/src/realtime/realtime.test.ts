import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import { collect, joined, subscribe, TestClients, until } from './test-clients.ts';
import {
  startTestDatabase,
  startTestRealtimeServer,
  type TestDatabase,
  type TestRealtimeServer,
} from './test-stack.ts';

// The official supabase-js client, unmodified, against the realtime module on a real PostgreSQL.

let db: TestDatabase;
let server: TestRealtimeServer;
let clients: TestClients;
const client = (options?: Parameters<TestClients['create']>[0]) => clients.create(options);

beforeAll(async () => {
  db = await startTestDatabase();
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

describe('joining', () => {
  it('subscribes a public channel and counts it', async () => {
    const channel = await joined((await client()).channel('lobby'));
    expect(channel.state).toBe('joined');
    expect(server.realtime.stats().channels).toBeGreaterThanOrEqual(1);
    expect(server.realtime.stats().sockets).toBeGreaterThanOrEqual(1);
  });

  it('answers heartbeats', async () => {
    const c = await client();
    await joined(c.channel('beat'));
    const statuses: string[] = [];
    c.realtime.onHeartbeat((status) => statuses.push(status));
    await c.realtime.sendHeartbeat();
    await until(() => statuses.includes('ok'), 'heartbeat ok');
    expect(statuses).toEqual(['sent', 'ok']);
  });

  it('refuses a socket whose apikey is not a local key', async () => {
    const url = `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=nope&vsn=2.0.0`;
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('refuses postgres_changes, which the local stack does not implement', async () => {
    const channel = (await client())
      .channel('changes')
      .on('postgres_changes', { event: '*', schema: 'public', table: 'players' }, () => {});
    const result = await subscribe(channel);
    expect(result.status).toBe('CHANNEL_ERROR');
    expect(result.error?.message).toMatch(/postgres_changes is not supported/);
  });

  it('leaves a channel and stops delivering to it', async () => {
    const before = server.realtime.stats().channels;
    const c = await client();
    const channel = await joined(c.channel('short-lived'));
    expect(server.realtime.stats().channels).toBe(before + 1);
    expect(await c.removeChannel(channel)).toBe('ok');
    await until(() => server.realtime.stats().channels === before, 'the channel to be gone');
  });
});

describe('broadcast between clients', () => {
  it('reaches the other subscriber, and the sender only when self is set', async () => {
    const a = (await client()).channel('room-1', { config: { broadcast: { self: false } } });
    const b = (await client()).channel('room-1', { config: { broadcast: { self: true } } });
    const atA = collect(a, 'move');
    const atB = collect(b, 'move');
    await joined(a);
    await joined(b);

    expect(await a.send({ type: 'broadcast', event: 'move', payload: { from: 'a', x: 1 } })).toBe('ok');
    await atB.waitFor(1);
    expect(atB.received[0]).toEqual({ type: 'broadcast', event: 'move', payload: { from: 'a', x: 1 } });

    expect(await b.send({ type: 'broadcast', event: 'move', payload: { from: 'b' } })).toBe('ok');
    await atA.waitFor(1);
    await atB.waitFor(2);
    // A sent before B, so had A heard itself that frame would have come first.
    expect(atA.received.map((m) => (m.payload as { from: string }).from)).toEqual(['b']);
    expect(atB.received.map((m) => (m.payload as { from: string }).from)).toEqual(['a', 'b']);
  });

  it('acknowledges a send when ack is set', async () => {
    const sender = await joined((await client()).channel('acked', { config: { broadcast: { ack: true } } }));
    const listener = (await client()).channel('acked');
    const heard = collect(listener, 'ping');
    await joined(listener);
    expect(await sender.send({ type: 'broadcast', event: 'ping', payload: { n: 1 } })).toBe('ok');
    await heard.waitFor(1);
    expect(heard.received[0]?.payload).toEqual({ n: 1 });
  });

  it('carries binary payloads to 2.0.0 clients and JSON to 1.0.0 clients', async () => {
    const a = (await client()).channel('mixed');
    const b = (await client()).channel('mixed');
    const legacy = (await client({ vsn: '1.0.0' })).channel('mixed');
    const bytesAtB = collect(b, 'bytes');
    const jsonAtB = collect(b, 'json');
    const bytesAtLegacy = collect(legacy, 'bytes');
    const jsonAtLegacy = collect(legacy, 'json');
    await joined(a);
    await joined(b);
    await joined(legacy);

    await a.send({ type: 'broadcast', event: 'bytes', payload: new Uint8Array([1, 2, 3]).buffer });
    await bytesAtB.waitFor(1);
    const bytes = bytesAtB.received[0]?.payload;
    expect(bytes).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(bytes as ArrayBuffer)]).toEqual([1, 2, 3]);

    await a.send({ type: 'broadcast', event: 'json', payload: { from: 'a' } });
    await jsonAtLegacy.waitFor(1);
    expect(jsonAtLegacy.received[0]).toEqual({ type: 'broadcast', event: 'json', payload: { from: 'a' } });
    // 1.0.0 frames are JSON only: the raw bytes, sent first, were not delivered there.
    expect(bytesAtLegacy.received).toEqual([]);

    await legacy.send({ type: 'broadcast', event: 'json', payload: { from: 'legacy' } });
    await jsonAtB.waitFor(2);
    expect(jsonAtB.received.map((m) => m.payload)).toEqual([{ from: 'a' }, { from: 'legacy' }]);
  });
});

describe('broadcast from the database', () => {
  it('relays realtime.send to every subscriber of the topic, public and private kept apart', async () => {
    const one = (await client()).channel('db-room');
    const two = (await client()).channel('db-room');
    const atOne = collect(one, 'tick');
    const atTwo = collect(two, 'tick');
    await joined(one);
    await joined(two);
    await db.sql(`select realtime.send('{"private":true}'::jsonb, 'tick', 'db-room', true)`);
    await db.sql(`select realtime.send('{"n":1}'::jsonb, 'tick', 'db-room', false)`);
    await atOne.waitFor(1);
    await atTwo.waitFor(1);
    // As in Supabase, an object payload from the database carries the realtime.messages id.
    const [{ id }] = (
      await db.sql(`select id from realtime.messages where topic = 'db-room' and not private`)
    ).rows as [{ id: string }];
    expect(atOne.received).toEqual([{ type: 'broadcast', event: 'tick', payload: { n: 1, id } }]);
    expect(atTwo.received).toEqual([{ type: 'broadcast', event: 'tick', payload: { n: 1, id } }]);
  });

  it('reads a payload too large for NOTIFY back from realtime.messages, in order', async () => {
    const channel = (await client()).channel('db-big');
    const heard = collect(channel, 'blob');
    await joined(channel);
    const big = 'x'.repeat(20_000);
    await db.sql(
      `select realtime.send(jsonb_build_object('n', 1, 'big', $1::text), 'blob', 'db-big', false)`,
      [big],
    );
    await db.sql(`select realtime.send('{"n":2,"id":"own"}'::jsonb, 'blob', 'db-big', false)`);
    await heard.waitFor(2);
    expect(heard.received.map((m) => (m.payload as { n: number }).n)).toEqual([1, 2]);
    expect((heard.received[0]?.payload as { big?: string } | undefined)?.big).toHaveLength(20_000);
    expect((heard.received[0]?.payload as { id?: string } | undefined)?.id).toMatch(/^[0-9a-f-]{36}$/);
    // A payload with an id of its own keeps it.
    expect((heard.received[1]?.payload as { id?: string } | undefined)?.id).toBe('own');
  });
});

describe('HTTP broadcast', () => {
  it('delivers { messages } posted to /api/broadcast and answers 202', async () => {
    const channel = (await client()).channel('http-room');
    const heard = collect(channel, 'news');
    await joined(channel);
    const response = await fetch(`${server.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: {
        apikey: LOCAL_SERVICE_ROLE_KEY,
        authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        messages: [{ topic: 'http-room', event: 'news', payload: { id: 7 }, private: false }],
      }),
    });
    expect(response.status).toBe(202);
    await heard.waitFor(1);
    expect(heard.received[0]).toEqual({ type: 'broadcast', event: 'news', payload: { id: 7 } });
  });

  it('delivers httpSend() from the client and rejects a malformed body', async () => {
    const listener = (await client()).channel('http-send');
    const heard = collect(listener, 'note');
    await joined(listener);
    const sender = (await client()).channel('http-send');
    await expect(sender.httpSend('note', { text: 'hi' })).resolves.toEqual({ success: true });
    await heard.waitFor(1);
    expect(heard.received[0]?.payload).toEqual({ text: 'hi' });

    const bad = await fetch(`${server.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: LOCAL_ANON_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ event: 'no-topic' }] }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'invalid_broadcast' });
  });
});

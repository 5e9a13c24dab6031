import type { RealtimeChannel } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import { LIMIT_ERRORS, RateCounter, REALTIME_PLANS, type RealtimeLimits } from './limits.ts';
import { collect, joined, subscribe, TestClients, until } from './test-clients.ts';
import {
  startTestDatabase,
  startTestRealtimeServer,
  type TestDatabase,
  type TestRealtimeServer,
} from './test-stack.ts';

// Supabase Realtime's project quotas, each with a small limit, driven through the official supabase-js
// (and a raw socket where the refusal happens before the client could see it): refused exactly as
// Realtime refuses, and normal use below the limits untouched.

let db: TestDatabase;
beforeAll(async () => {
  db = await startTestDatabase();
}, 120_000);
afterAll(async () => {
  await db?.stop();
});

describe('RateCounter', () => {
  it("averages per second over the window's ticks and triggers once at the limit", () => {
    let triggered = 0;
    const counter = new RateCounter(10, { tickMs: 1000, buckets: 3 }, () => {
      triggered += 1;
    });
    counter.add(6);
    counter.tick();
    expect(counter.avg).toBe(6);
    expect(counter.triggered).toBe(false);
    counter.add(24);
    counter.tick(); // (6 + 24) / 2 buckets
    expect(counter.avg).toBe(15);
    expect(counter.triggered).toBe(true);
    counter.tick(); // 30 / 3: still at the limit
    expect(counter.avg).toBe(10);
    expect(counter.triggered).toBe(true);
    counter.tick(); // the 6 slid out: 24 / 3
    expect(counter.avg).toBe(8);
    expect(counter.triggered).toBe(false);
    expect(triggered).toBe(1);
  });

  it('reads ticks shorter than a second as a rate per second', () => {
    const counter = new RateCounter(100, { tickMs: 100, buckets: 10 }, () => {});
    counter.add(5);
    counter.tick();
    expect(counter.avg).toBe(50);
  });
});

describe('plans', () => {
  it("carry Supabase's published figures; Pro is the default", () => {
    expect(REALTIME_PLANS.pro).toEqual({
      maxConcurrentUsers: 500,
      maxEventsPerSecond: 500,
      maxJoinsPerSecond: 500,
      maxChannelsPerClient: 100,
      maxPresenceEventsPerSecond: 50,
    });
    expect(REALTIME_PLANS.free.maxPresenceEventsPerSecond).toBe(20);
    expect(REALTIME_PLANS.team.maxConcurrentUsers).toBe(10_000);
  });
});

interface Setup {
  server: TestRealtimeServer;
  clients: TestClients;
}

function withServer(limits: Partial<RealtimeLimits>, rateWindow = { tickMs: 100, buckets: 20 }): Setup {
  const setup = {} as Setup;
  beforeAll(async () => {
    setup.server = await startTestRealtimeServer(db, {
      limits: { ...REALTIME_PLANS.pro, ...limits },
      rateWindow,
    });
    setup.clients = new TestClients(setup.server.url);
  });
  afterEach(async () => {
    await setup.clients.closeAll();
  });
  afterAll(async () => {
    await setup.server?.stop();
  });
  return setup;
}

function socketUrl(server: TestRealtimeServer): string {
  return `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=1.0.0`;
}

/** Opens a raw socket: the upgrade's status and body when refused, else the open socket. */
function rawSocket(
  server: TestRealtimeServer,
): Promise<{ status: number; body: string; ws: WebSocket | null }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(socketUrl(server));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, ws: null }));
    });
    ws.on('open', () => resolve({ status: 101, body: '', ws }));
  });
}

/** Sends a phx_join (serializer 1.0.0) on a raw socket and resolves with the reply's payload. */
function rawJoin(
  ws: WebSocket,
  topic: string,
): Promise<{ status: string; response: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString('utf8')) as { event: string; ref: string; payload: never };
      if (message.event === 'phx_reply' && message.ref === 'j1') {
        ws.off('message', onMessage);
        resolve(message.payload);
      }
    };
    ws.on('message', onMessage);
    ws.send(
      JSON.stringify({
        topic: `realtime:${topic}`,
        event: 'phx_join',
        payload: { config: {} },
        ref: 'j1',
        join_ref: 'j1',
      }),
    );
  });
}

function systemMessages(channel: RealtimeChannel): Array<Record<string, unknown>> {
  const received: Array<Record<string, unknown>> = [];
  channel.on('system', {}, (message) => received.push(message));
  return received;
}

describe('max_concurrent_users', () => {
  const setup = withServer({ maxConcurrentUsers: 2 });

  it('counts sockets with a joined channel; the next upgrade is refused with 429 as Realtime does', async () => {
    const { server, clients } = setup;
    // Connected but not joined yet: not a user.
    const early = await rawSocket(server);
    expect(early.status).toBe(101);
    await joined((await clients.create()).channel('room-1'));
    await joined((await clients.create()).channel('room-2'));
    expect(server.realtime.stats()).toMatchObject({ users: 2, sockets: 3 });

    const refused = await rawSocket(server);
    expect(refused).toMatchObject({
      status: 429,
      body: JSON.stringify({ error: LIMIT_ERRORS.tooManyUsers }),
    });
    // The early socket's first join would make a third user.
    expect(await rawJoin(early.ws as WebSocket, 'room-3')).toEqual({
      status: 'error',
      response: { reason: 'ConnectionRateLimitReached: Too many connected users' },
    });
    early.ws?.close();
    expect(server.logs).toContain('ConnectionRateLimitReached: Too many connected users');
  });

  it('lets a user in again once one leaves, and never counts a socket twice', async () => {
    const { server, clients } = setup;
    const a = await clients.create();
    await joined(a.channel('one'));
    await joined(a.channel('two'));
    const b = await clients.create();
    await joined(b.channel('one'));
    expect(server.realtime.stats().users).toBe(2);
    await a.removeAllChannels();
    a.realtime.disconnect();
    await until(() => server.realtime.stats().users === 1, 'a user leaving');
    await joined((await clients.create()).channel('three'));
    expect(server.realtime.stats().users).toBe(2);
  });
});

describe('max_channels_per_client', () => {
  const setup = withServer({ maxChannelsPerClient: 2 });

  it("refuses a socket's channel past the limit with Realtime's reason, and allows it after a leave", async () => {
    const c = await setup.clients.create();
    const first = await joined(c.channel('a'));
    await joined(c.channel('b'));
    const third = await subscribe(c.channel('c'));
    expect(third.status).toBe('CHANNEL_ERROR');
    expect(third.error?.message).toBe('ChannelRateLimitReached: Too many channels');
    // Another socket has channels of its own.
    await joined((await setup.clients.create()).channel('c'));
    await c.removeChannel(first);
    await joined(c.channel('d'));
  });
});

describe('max_joins_per_second', () => {
  // Rates over the last two seconds in 100 ms ticks: 25 joins keep the rate at or above 12.5/s for
  // about two seconds, long enough to observe what is refused meanwhile.
  const setup = withServer({ maxJoinsPerSecond: 10 });

  it('refuses joins over the rate, disconnecting the socket, and refuses new sockets with 429 meanwhile', async () => {
    const { server, clients } = setup;
    const early = await rawSocket(server);
    expect(early.status).toBe(101);
    const c = await clients.create();
    await Promise.all(Array.from({ length: 25 }, (_, i) => joined(c.channel(`j${i}`))));
    await until(() => server.realtime.stats().triggered.joins, 'the join rate to trigger');
    expect(server.logs).toContain('ClientJoinRateLimitReached: Too many joins per second');

    const ws = early.ws as WebSocket;
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    expect(await rawJoin(ws, 'one-more')).toEqual({
      status: 'error',
      response: { reason: 'ClientJoinRateLimitReached: Too many joins per second' },
    });
    expect(await closed).toBe(1000);
    expect(await rawSocket(server)).toMatchObject({
      status: 429,
      body: JSON.stringify({ error: 'Too many joins per second' }),
    });

    await until(() => !server.realtime.stats().triggered.joins, 'the join rate to release', 4000);
    await joined((await clients.create()).channel('after'));
  });
});

describe('max_events_per_second', () => {
  // Two seconds of 100 ms ticks.
  const setup = withServer({ maxEventsPerSecond: 60 });

  it('leaves normal traffic alone, then closes receiving channels and refuses broadcasts over the rate', async () => {
    const { server, clients } = setup;
    const receiver = await clients.create();
    const channel = receiver.channel('busy');
    const system = systemMessages(channel);
    const got = collect(channel, 'tick');
    await joined(channel);
    const sender = await joined((await clients.create()).channel('busy'));

    // Normal use: two messages, two deliveries, under the rate.
    await sender.send({ type: 'broadcast', event: 'tick', payload: { n: 0 } });
    await sender.send({ type: 'broadcast', event: 'tick', payload: { n: 1 } });
    await got.waitFor(2);
    expect(system).toEqual([]);
    expect(server.realtime.stats().triggered.events).toBe(false);

    // A flood: 150 sent and 150 delivered within a tick or two.
    for (let n = 2; n < 152; n += 1) await sender.send({ type: 'broadcast', event: 'tick', payload: { n } });
    await until(() => server.realtime.stats().triggered.events, 'the message rate to trigger');
    expect(server.logs).toContain('MessagePerSecondRateLimitReached: Too many messages per second');
    expect(server.realtime.stats().eventsPerSecond).toBeGreaterThanOrEqual(60);

    // HTTP broadcasts are refused as Realtime's broadcast endpoint does.
    const http = await fetch(`${server.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}` },
      body: JSON.stringify({ messages: [{ topic: 'busy', event: 'tick', payload: {} }] }),
    });
    expect(http.status).toBe(429);
    expect(await http.json()).toEqual({ message: 'You have exceeded your rate limit' });

    // A database broadcast is dropped while over the rate.
    await db.sql(`select realtime.send('{"n": "db"}'::jsonb, 'tick', 'busy', false)`);
    await until(
      () => server.logs.some((line) => line.startsWith('UnableToBroadcastChanges')),
      'the dropped database broadcast',
    );

    // The next message delivered closes the receiving channel with Realtime's system message.
    const before = got.received.length;
    await sender.send({ type: 'broadcast', event: 'tick', payload: { n: 'last' } });
    await until(() => system.length > 0, 'the system message');
    expect(system).toEqual([
      expect.objectContaining({
        status: 'error',
        extension: 'system',
        message: 'Too many messages per second',
      }),
    ]);
    expect(got.received.length).toBe(before + 1);
    await until(() => channel.state === 'closed', 'the channel to close');
  });
});

describe('max_presence_events_per_second', () => {
  const setup = withServer({ maxPresenceEventsPerSecond: 10 });

  it('leaves a few tracks alone, then closes a channel tracking over the rate', async () => {
    const { server, clients } = setup;
    const watcher = (await clients.create()).channel('breathers', { config: { presence: { key: 'w' } } });
    watcher.on('presence', { event: 'sync' }, () => {});
    await joined(watcher);
    const tracker = (await clients.create()).channel('breathers', { config: { presence: { key: 't' } } });
    const system = systemMessages(tracker);
    tracker.on('presence', { event: 'sync' }, () => {});
    await joined(tracker);
    expect(await tracker.track({ n: 0 })).toBe('ok');
    expect(system).toEqual([]);

    for (let n = 1; n <= 20; n += 1) void tracker.track({ n });
    await until(() => server.realtime.stats().presenceEventsPerSecond > 10, 'the presence rate to pass 10/s');
    await until(
      () => server.logs.includes('PresenceRateLimitReached: Too many presence events per second'),
      'the presence limit log',
    );
    void tracker.track({ n: 'over' });
    await until(() => system.length > 0, 'the system message');
    expect(system.at(-1)).toMatchObject({
      status: 'error',
      extension: 'system',
      message: 'Too many presence messages per second',
    });
    await until(() => tracker.state === 'closed', 'the channel to close');
  });
});

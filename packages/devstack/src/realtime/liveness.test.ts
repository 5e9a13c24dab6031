import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import { LISTENER_APPLICATION_NAME } from './db-listener.ts';
import { collect, joined, TestClients, until } from './test-clients.ts';
import {
  startTestDatabase,
  startTestRealtimeServer,
  type TestDatabase,
  type TestRealtimeServer,
} from './test-stack.ts';

// Sockets that go silent or stop reading are dropped, so they cannot hold server memory. The limits
// are shrunk here so the suite does not wait a minute for the default heartbeat timeout.

let db: TestDatabase;
let server: TestRealtimeServer;
let clients: TestClients;

beforeAll(async () => {
  db = await startTestDatabase();
  server = await startTestRealtimeServer(db, { heartbeatTimeoutMs: 1000 });
  clients = new TestClients(server.url);
}, 120_000);

afterEach(async () => {
  await clients.closeAll();
});

afterAll(async () => {
  await server?.stop();
  await db?.stop();
});

const socketUrl = (base = server.url) =>
  `${base.replace('http', 'ws')}/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=2.0.0`;

describe('liveness', () => {
  it('listens again after losing its database session', async () => {
    const channel = (await clients.create()).channel('after-outage');
    const heard = collect(channel, 'ping');
    await joined(channel);
    const killed = await db.sql(
      // Other suites share the cluster: only this database's listener.
      `select pg_terminate_backend(pid) from pg_stat_activity
       where application_name = $1 and datname = current_database()`,
      [LISTENER_APPLICATION_NAME],
    );
    expect(killed.rowCount).toBe(1);
    await until(() => server.logs.some((line) => line.includes('lost the database listener')), 'the loss');
    // Messages committed while nobody listens are not replayed: keep sending until one arrives.
    let sent = 0;
    while (heard.received.length === 0 && sent < 100) {
      sent += 1;
      await db.sql(`select realtime.send('{}'::jsonb, 'ping', 'after-outage', false)`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(heard.received.length).toBeGreaterThan(0);
  }, 20_000);

  it('closes sockets with a close frame when it shuts down', async () => {
    const second = await startTestRealtimeServer(db);
    const ws = new WebSocket(
      `${second.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${LOCAL_ANON_KEY}&vsn=2.0.0`,
    );
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await second.stop();
    expect(await closed).toBe(1001);
    expect(second.realtime.stats()).toMatchObject({ sockets: 0, channels: 0, users: 0 });
  });

  it('drops a socket that stops sending heartbeats, and keeps one that sends them', async () => {
    const silent = new WebSocket(socketUrl());
    const closed = new Promise<void>((resolve) => silent.on('close', () => resolve()));
    await new Promise((resolve) => silent.once('open', resolve));

    // realtime-js sends a heartbeat every heartbeatIntervalMs; keep it well under the timeout.
    const lively = await clients.create({ heartbeatIntervalMs: 100 });
    const channel = await joined(lively.channel('alive'));

    await closed;
    expect(server.logs.some((line) => line.includes('silent for more than 1000 ms'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(channel.state).toBe('joined');
    expect(lively.realtime.isConnected()).toBe(true);
  });

  it('drops a socket that stops reading once too much is queued for it', async () => {
    // Its own server, with a small queue limit and the default heartbeat timeout, so that the stalled
    // socket is dropped for its queue and not for its silence on a busy machine.
    const tight = await startTestRealtimeServer(db, { maxBufferedBytes: 64 * 1024 });
    const dropped = () => tight.logs.some((line) => line.includes('dropping slow socket'));
    const stalled = await rawSocket(tight.url);
    const replied = new Promise<void>((resolve) =>
      stalled.on('data', (data) => {
        if (String(data).includes('phx_reply')) resolve();
      }),
    );
    sendMaskedText(stalled, JSON.stringify(['1', '1', 'realtime:firehose', 'phx_join', { config: {} }]));
    await replied;
    // From here on the client reads nothing: the kernel buffers fill, then the server's queue grows.
    stalled.pause();

    const big = 'x'.repeat(256 * 1024);
    for (let i = 0; i < 400 && !dropped(); i++) {
      const response = await fetch(`${tight.url}/realtime/v1/api/broadcast`, {
        method: 'POST',
        headers: { authorization: `Bearer ${LOCAL_SERVICE_ROLE_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ topic: 'firehose', event: 'flood', payload: { big } }] }),
      });
      expect(response.status).toBe(202);
    }
    expect(dropped()).toBe(true);
    stalled.destroy();
    await tight.stop();
  }, 30_000);
});

/** A WebSocket client by hand, so the test can stop reading at the TCP level. */
async function rawSocket(base: string): Promise<Socket> {
  const { hostname, port, pathname, search } = new URL(socketUrl(base));
  const socket = connect(Number(port), hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  const head = await new Promise<string>((resolve) => socket.once('data', (data) => resolve(String(data))));
  expect(head.startsWith('HTTP/1.1 101')).toBe(true);
  return socket;
}

/** A client text frame; the all-zero mask is valid and leaves the bytes as they are. */
function sendMaskedText(socket: Socket, text: string): void {
  const payload = Buffer.from(text, 'utf8');
  if (payload.length >= 126) throw new RangeError('keep test frames short');
  socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]));
}

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../gateway/server.ts';
import { collect, joined, subscribe, TestClients, userToken } from './test-clients.ts';
import { startTestDatabase, type TestDatabase } from './test-stack.ts';

// The realtime module as users reach it: behind the gateway on /realtime/v1, with its API key check.

let db: TestDatabase;
let gateway: Gateway;
let clients: TestClients;

beforeAll(async () => {
  db = await startTestDatabase();
  gateway = await createGateway({
    databaseUrl: db.superuserUrl,
    authenticatorUrl: db.authenticatorUrl,
    port: 0,
    quiet: true,
  });
  clients = new TestClients(gateway.url);
}, 120_000);

afterEach(async () => {
  await clients.closeAll();
});

afterAll(async () => {
  await gateway?.close();
  await db?.stop();
});

describe('realtime behind the gateway', () => {
  it('relays database, HTTP and client broadcasts to supabase-js', async () => {
    const listener = (await clients.create()).channel('gateway-room');
    const heard = collect(listener, 'note');
    await joined(listener);
    const sender = (await clients.create({ token: () => userToken(crypto.randomUUID()) })).channel(
      'gateway-room',
    );
    await joined(sender);

    await db.sql(`select realtime.send('{"from":"database"}'::jsonb, 'note', 'gateway-room', false)`);
    await heard.waitFor(1);
    await expect(sender.httpSend('note', { from: 'http' })).resolves.toEqual({ success: true });
    await heard.waitFor(2);
    expect(await sender.send({ type: 'broadcast', event: 'note', payload: { from: 'socket' } })).toBe('ok');
    await heard.waitFor(3);
    expect(heard.received.map((m) => (m.payload as { from: string }).from)).toEqual([
      'database',
      'http',
      'socket',
    ]);
  });

  it('refuses a private channel RLS does not open', async () => {
    const channel = (await clients.create({ token: () => userToken(crypto.randomUUID()) })).channel(
      'closed-room',
      {
        config: { private: true },
      },
    );
    const result = await subscribe(channel);
    expect(result.status).toBe('CHANNEL_ERROR');
    expect(result.error?.message).toBe(
      'Unauthorized: You do not have permissions to read from this Channel topic: closed-room',
    );
  });
});

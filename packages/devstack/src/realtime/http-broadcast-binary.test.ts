import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../gateway/server.ts';
import { LOCAL_ANON_KEY } from '../keys.ts';
import { collect, joined, TestClients, userToken } from './test-clients.ts';
import { startTestDatabase, type TestDatabase } from './test-stack.ts';

// channel.httpSend() with bytes posts them as application/octet-stream; behind the gateway they reach
// 2.0.0 subscribers as a binary broadcast, as Supabase Realtime delivers them.

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

describe('HTTP broadcast with a binary body', () => {
  it('delivers httpSend() of a Uint8Array as bytes and still refuses a malformed JSON body', async () => {
    const listener = (await clients.create()).channel('bytes-room');
    const heard = collect(listener, 'blob');
    await joined(listener);
    const sender = (await clients.create({ token: () => userToken(crypto.randomUUID()) })).channel(
      'bytes-room',
    );
    await expect(sender.httpSend('blob', new Uint8Array([0, 255, 7]))).resolves.toEqual({ success: true });
    await heard.waitFor(1);
    const payload = heard.received[0]?.payload;
    expect(payload).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(payload as ArrayBuffer)]).toEqual([0, 255, 7]);

    const bad = await fetch(`${gateway.url}/realtime/v1/api/broadcast`, {
      method: 'POST',
      headers: { apikey: LOCAL_ANON_KEY, 'Content-Type': 'application/json' },
      body: '{"messages":',
    });
    expect(bad.status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_ANON_KEY } from '../keys.ts';
import { type GatewayTestCluster, startGatewayTestCluster } from './test-cluster.ts';

// The gateway as a server: the request log and a graceful shutdown.

let cluster: GatewayTestCluster;

beforeAll(async () => {
  cluster = await startGatewayTestCluster();
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

const headers = { apikey: LOCAL_ANON_KEY, 'Content-Type': 'application/json' };

describe('gateway server', () => {
  it('logs one line per request with method, path without the query, status and duration', async () => {
    const lines: string[] = [];
    const stack = await cluster.freshGateway({ quiet: false, log: (line) => lines.push(line) });
    try {
      await fetch(`${stack.url}/rest/v1/nothing?select=*&apikey=${LOCAL_ANON_KEY}`);
      await expect.poll(() => lines.length).toBe(1);
      expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d GET \/rest\/v1\/nothing 404 \d+ms$/);
    } finally {
      await stack.close();
    }
  });

  it('finishes in-flight requests on close and then refuses new connections', async () => {
    const stack = await cluster.freshGateway();
    await stack.migrate(
      `create function public.slow() returns int language sql as $$ select 7 from pg_sleep(0.5) $$`,
    );
    const inFlight = fetch(`${stack.url}/rest/v1/rpc/slow`, { method: 'POST', headers, body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const closed = stack.gateway.close();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toBe(7);
    await closed;
    await expect(
      fetch(`${stack.url}/rest/v1/rpc/slow`, { method: 'POST', headers, body: '{}' }),
    ).rejects.toThrow();
    await stack.close();
  });

  it('says which port is taken when another server holds it', async () => {
    const first = await cluster.freshGateway();
    try {
      await expect(cluster.freshGateway({ port: first.gateway.port })).rejects.toThrow(
        `port ${first.gateway.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await first.close();
    }
  });
});

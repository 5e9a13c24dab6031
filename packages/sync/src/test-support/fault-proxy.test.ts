import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';

// The proxy's own behaviour, checked against a plain counting server.
describe('fault proxy', () => {
  let upstream: Server;
  let proxy: FaultProxy;
  let handled = 0;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      handled++;
      req.resume();
      req.on('end', () => res.end(JSON.stringify({ n: handled })));
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    proxy = await startFaultProxy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    await proxy.stop();
    await new Promise((r) => upstream.close(r));
  });

  it('relays requests untouched by default', async () => {
    const before = handled;
    const res = await fetch(`${proxy.url}/x`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(200);
    expect(handled).toBe(before + 1);
  });

  it('refuses without reaching the server', async () => {
    proxy.setRule(() => ({ kind: 'refuse' }));
    const before = handled;
    await expect(fetch(`${proxy.url}/x`, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(handled).toBe(before);
  });

  it('drops the answer after the server handled the request', async () => {
    proxy.setRule(() => ({ kind: 'drop_response' }));
    const before = handled;
    await expect(fetch(`${proxy.url}/x`, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(handled).toBe(before + 1);
  });

  it('duplicates a request', async () => {
    proxy.setRule(() => ({ kind: 'duplicate' }));
    const before = handled;
    const res = await fetch(`${proxy.url}/x`, { method: 'POST', body: '{}' });
    expect(await res.json()).toEqual({ n: before + 2 });
  });

  it('lets a later request overtake a delayed one', async () => {
    proxy.setRule((r) => (r.path === '/slow' ? { kind: 'delay', ms: 150 } : { kind: 'pass' }));
    const order: string[] = [];
    await Promise.all([
      fetch(`${proxy.url}/slow`).then(() => order.push('slow')),
      fetch(`${proxy.url}/fast`).then(() => order.push('fast')),
    ]);
    expect(order).toEqual(['fast', 'slow']);
  });
});

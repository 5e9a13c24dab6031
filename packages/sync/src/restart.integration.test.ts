import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Devstack, startDevstack } from '@breath-master/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sumTotals, TestDevice } from './test-support/device.ts';
import { type FaultProxy, startFaultProxy } from './test-support/fault-proxy.ts';

// The gateway and PostgreSQL go down in the middle of the devices' pushes and come back on the
// same ports and data: the devices keep breathing, retry, and end with exactly the work done.
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

let dataDir: string;
let stack: Devstack | null = null;
let proxy: FaultProxy;
let options: Parameters<typeof startDevstack>[0];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sync-restart-'));
  options = {
    apiPort: await freePort(),
    dbPort: await freePort(),
    dataDir,
    databaseUrl: '',
    persistent: true,
    quiet: true,
    gateway: { signupRateLimit: { max: 100_000, windowMs: 3_600_000 } },
  };
  stack = await startDevstack(options);
  proxy = await startFaultProxy(stack.apiUrl);
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('server restart in the middle of pushes', () => {
  it('loses nothing and counts nothing twice', async () => {
    if (!stack) throw new Error('no stack');
    const devices = [0, 1].map(
      () => new TestDevice(proxy.url, stack?.anonKey ?? '', { requestTimeoutMs: 1_000 }),
    );
    const [a, b] = devices as [TestDevice, TestDevice];
    await a.client.push([], a.today);
    const { code } = await a.client.createPairingCode();
    await b.client.redeemPairingCode(code);

    const breathing = (async () => {
      for (let round = 0; round < 12; round++) {
        for (const d of devices) d.breathe(1 + (round % 2), round % 2);
        await Promise.all(devices.map((d) => d.scheduler.pushNow()));
        await new Promise((r) => setTimeout(r, 150));
      }
    })();
    await new Promise((r) => setTimeout(r, 400));
    await stack.stop();
    stack = null;
    await new Promise((r) => setTimeout(r, 500));
    stack = await startDevstack(options);
    await breathing;

    for (const d of devices) d.scheduler.networkOnline();
    await Promise.all(devices.map((d) => d.drain(30_000)));
    const expected = sumTotals(devices);
    for (const d of devices) {
      const { stats } = await d.client.pull(60);
      expect({ xp: stats.total_xp, cycles: stats.total_cycles, seconds: stats.total_seconds }).toEqual(
        expected,
      );
      expect(stats.device_count).toBe(2);
    }
    expect(devices.flatMap((d) => d.finalErrors)).toEqual([]);
    // Some pushes really did fail while the server was down.
    expect(proxy.log.some((e) => e.status === 0)).toBe(true);
  }, 120_000);
});

import { seededRandom } from '@breath-master/core/random';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSyncClient } from './client.ts';
import { memoryStorage } from './storage.ts';
import { sumTotals, TestDevice, utcDay } from './test-support/device.ts';
import { type Fault, type FaultProxy, pass, startFaultProxy } from './test-support/fault-proxy.ts';

// Everything here runs against the real local stack (embedded PostgreSQL, the gateway, supabase-js)
// with the fault proxy between the clients and the gateway.
const stack = inject('stack');
let proxy: FaultProxy;

beforeAll(async () => {
  proxy = await startFaultProxy(stack.apiUrl);
});
afterEach(() => proxy.setRule(pass));
afterAll(async () => {
  await proxy.stop();
});

async function pairedDevices(count: number, url = proxy.url): Promise<TestDevice[]> {
  const devices = Array.from(
    { length: count },
    () => new TestDevice(url, stack.anonKey, { requestTimeoutMs: 400 }),
  );
  const [first, ...others] = devices as [TestDevice, ...TestDevice[]];
  await first.client.push([], first.today);
  for (const d of others) {
    const { code } = await first.client.createPairingCode();
    await d.client.redeemPairingCode(code);
  }
  return devices;
}

async function expectConverged(devices: readonly TestDevice[]): Promise<void> {
  const expected = sumTotals(devices);
  for (const d of devices) {
    const { stats, devices: listed } = await d.client.pull(60);
    expect({ xp: stats.total_xp, cycles: stats.total_cycles, seconds: stats.total_seconds }).toEqual(
      expected,
    );
    expect(listed).toHaveLength(devices.length);
  }
}

describe('sync against the local stack', () => {
  it('signs in anonymously once and keeps the session in the given storage', async () => {
    const storage = memoryStorage();
    const a = createSyncClient({ url: stack.apiUrl, anonKey: stack.anonKey, storage });
    const [id1, id2] = await Promise.all([a.ensureSession(), a.ensureSession()]);
    expect(id1).toBe(id2);
    const again = createSyncClient({ url: stack.apiUrl, anonKey: stack.anonKey, storage });
    expect(await again.ensureSession()).toBe(id1);
    expect(Object.keys(storage.snapshot())).toEqual(['breath-master-auth']);
  });

  it('two devices pair and see the same totals', async () => {
    const [a, b] = (await pairedDevices(2, stack.apiUrl)) as [TestDevice, TestDevice];
    a.breathe(5);
    a.breathe(3, 1);
    b.breathe(7);
    await Promise.all([a.drain(), b.drain()]);
    await expectConverged([a, b]);
    const stats = (await a.client.pull()).stats;
    expect(stats.device_count).toBe(2);
    expect(stats.handle).toBe((await b.client.pull()).stats.handle);
  });

  it('a device joining brings its earlier progress along', async () => {
    const a = new TestDevice(stack.apiUrl, stack.anonKey);
    const b = new TestDevice(stack.apiUrl, stack.anonKey);
    a.breathe(4);
    b.breathe(6, 2);
    await Promise.all([a.drain(), b.drain()]);
    const { code } = await a.client.createPairingCode();
    const joined = await b.client.redeemPairingCode(code.toLowerCase());
    expect(joined.total_cycles).toBe(10);
    await expectConverged([a, b]);
  });

  it('refuses a used or unknown pairing code with its stable code', async () => {
    const [a] = (await pairedDevices(1, stack.apiUrl)) as [TestDevice];
    const { code } = await a.client.createPairingCode();
    const b = new TestDevice(stack.apiUrl, stack.anonKey);
    const c = new TestDevice(stack.apiUrl, stack.anonKey);
    await b.client.redeemPairingCode(code);
    await expect(c.client.redeemPairingCode(code)).rejects.toMatchObject({
      code: 'pairing_code_invalid',
      kind: 'final',
    });
  });

  it('reports invalid pushes as final errors carrying the server code', async () => {
    const d = new TestDevice(stack.apiUrl, stack.anonKey);
    await expect(
      d.client.push([{ day: utcDay(-40), xp: 1, cycles: 1, seconds: 16 }], d.today),
    ).rejects.toMatchObject({ code: 'day_out_of_window', kind: 'final', status: 400 });
    await expect(
      d.client.push([{ day: d.today, xp: 10_000, cycles: 1, seconds: 16 }], d.today),
    ).rejects.toMatchObject({ code: 'implausible_counters', kind: 'final' });
  });

  it('sessions done offline sync when the network returns, with no error shown', async () => {
    const [a, b] = (await pairedDevices(2)) as [TestDevice, TestDevice];
    proxy.setRule(() => ({ kind: 'refuse' }));
    a.breathe(3);
    await a.scheduler.pushNow();
    a.breathe(2, 1);
    b.breathe(4);
    await b.scheduler.pushNow();
    // Still offline: both keep their changes and keep retrying in the background.
    for (const d of [a, b]) {
      expect(d.scheduler.status().dirty).toBe(true);
      expect(['waiting_retry', 'pushing']).toContain(d.scheduler.status().state);
    }
    expect(proxy.log.filter((e) => e.fault === 'refuse').length).toBeGreaterThanOrEqual(2);
    expect(a.finalErrors).toEqual([]);
    proxy.setRule(pass);
    a.scheduler.networkOnline();
    b.scheduler.networkOnline();
    await Promise.all([a.drain(), b.drain()]);
    await expectConverged([a, b]);
    expect([...a.finalErrors, ...b.finalErrors]).toEqual([]);
  });

  const faults: { name: string; fault: Fault }[] = [
    { name: 'requests refused before reaching the server', fault: { kind: 'refuse' } },
    { name: 'answers lost after the server applied the push', fault: { kind: 'drop_response' } },
    { name: 'duplicated requests', fault: { kind: 'duplicate' } },
    {
      name: 'requests delayed past their timeout and applied late, out of order',
      fault: { kind: 'delay', ms: 700 },
    },
  ];

  it.each(faults)('nothing is lost or counted twice with $name', async ({ fault }) => {
    const devices = await pairedDevices(3);
    const random = seededRandom(fault.kind.length * 7919);
    proxy.setRule((r) =>
      r.path.includes('/rpc/sync_progress') && random() < 0.5 ? fault : { kind: 'pass' },
    );
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        devices.map(async (d, i) => {
          d.breathe(1 + ((round + i) % 3), round % 3);
          await d.scheduler.pushNow();
        }),
      );
    }
    proxy.setRule(pass);
    for (const d of devices) d.scheduler.networkOnline();
    await Promise.all(devices.map((d) => d.drain()));
    // Late requests still held by the proxy land before we look.
    await new Promise((r) => setTimeout(r, 800));
    await expectConverged(devices);
    expect(devices.flatMap((d) => d.finalErrors)).toEqual([]);
    expect(proxy.log.some((e) => e.fault === fault.kind)).toBe(true);
  });

  it('a mixed storm of every fault still converges', async () => {
    const devices = await pairedDevices(2);
    const random = seededRandom(424242);
    const kinds: Fault[] = [
      { kind: 'pass' },
      { kind: 'refuse' },
      { kind: 'drop_response' },
      { kind: 'duplicate' },
      { kind: 'delay', ms: 500 },
    ];
    proxy.setRule(() => kinds[Math.floor(random() * kinds.length)] ?? { kind: 'pass' });
    for (let round = 0; round < 8; round++) {
      for (const d of devices) d.breathe(1 + (round % 2), round % 2);
      await Promise.all(devices.map((d) => d.scheduler.pushNow()));
    }
    proxy.setRule(pass);
    await Promise.all(devices.map((d) => d.drain()));
    await new Promise((r) => setTimeout(r, 600));
    await expectConverged(devices);
  });

  it('an expiring token is refreshed on use, and the device stays the same', async () => {
    const storage = memoryStorage();
    const client = createSyncClient({ url: stack.apiUrl, anonKey: stack.anonKey, storage });
    const id = await client.ensureSession();
    await client.push([{ day: utcDay(), xp: 4, cycles: 1, seconds: 16 }], utcDay());
    const stored = JSON.parse((await storage.getItem('breath-master-auth')) ?? '{}');
    await storage.setItem('breath-master-auth', JSON.stringify({ ...stored, expires_at: 1 }));
    const stats = await client.push([{ day: utcDay(), xp: 8, cycles: 2, seconds: 32 }], utcDay());
    expect(await client.ensureSession()).toBe(id);
    expect(stats).toMatchObject({ device_count: 1, total_cycles: 2 });
    const refreshed = JSON.parse((await storage.getItem('breath-master-auth')) ?? '{}');
    expect(refreshed.refresh_token).not.toBe(stored.refresh_token);
  });

  it('a revoked session is replaced by a new anonymous device', async () => {
    const storage = memoryStorage();
    const client = createSyncClient({ url: stack.apiUrl, anonKey: stack.anonKey, storage });
    const firstId = await client.ensureSession();
    const stored = JSON.parse((await storage.getItem('breath-master-auth')) ?? '{}');
    // Revoke every session of this user on the server, then make the local token look expired.
    await fetch(`${stack.apiUrl}/auth/v1/logout?scope=global`, {
      method: 'POST',
      headers: { apikey: stack.anonKey, authorization: `Bearer ${stored.access_token}` },
    });
    await storage.setItem('breath-master-auth', JSON.stringify({ ...stored, expires_at: 1 }));
    const stats = await client.push([{ day: utcDay(), xp: 4, cycles: 1, seconds: 16 }], utcDay());
    const secondId = await client.ensureSession();
    expect(secondId).not.toBe(firstId);
    expect(stats.total_cycles).toBe(1);
  });

  it('deleting my data removes the player and forgets the local session', async () => {
    const [a, b] = (await pairedDevices(2, stack.apiUrl)) as [TestDevice, TestDevice];
    a.breathe(2);
    await a.drain();
    const exported = (await a.client.exportMyData()) as Record<string, unknown>;
    expect(JSON.stringify(exported)).toContain(utcDay());
    await a.client.deleteMyData();
    expect(a.storage.snapshot()).toEqual({});
    // The other device's user is gone too: its next call starts over as a new player.
    const fresh = await b.client.push([], b.today);
    expect(fresh.total_cycles).toBe(0);
    expect(fresh.device_count).toBe(1);
  });

  it('changes visibility and handle', async () => {
    const [a] = (await pairedDevices(1, stack.apiUrl)) as [TestDevice];
    const hidden = await a.client.setLeaderboardVisibility(false);
    expect(hidden.show_on_leaderboard).toBe(false);
    const renamed = await a.client.regenerateHandle();
    expect(renamed.handle).not.toBe(hidden.handle);
  });
});

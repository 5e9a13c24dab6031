import { describe, expect, inject, it } from 'vitest';
import { createSyncClient as createReleasedClient } from '../compat/2423807/client.ts';
import { memoryStorage as releasedStorage } from '../compat/2423807/storage.ts';
import { createSyncClient } from './client.ts';
import { memoryStorage } from './storage.ts';
import { utcDay } from './test-support/device.ts';

// The previous release of this client (compat/2423807, which sends no version) against the current
// migrations and gateway: it must still sign in, push, pull and pair, alone and with a current client.
const stack = inject('stack');
const today = utcDay();

const released = () =>
  createReleasedClient({ url: stack.apiUrl, anonKey: stack.anonKey, storage: releasedStorage() });
const current = () =>
  createSyncClient({ url: stack.apiUrl, anonKey: stack.anonKey, storage: memoryStorage() });

describe('the previous release of the sync client (2423807)', () => {
  it('signs in, pushes and pulls', async () => {
    const client = released();
    const id = await client.ensureSession();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const stats = await client.push([{ day: today, xp: 12, cycles: 3, seconds: 90 }], today);
    expect(stats).toMatchObject({ total_xp: 12, total_cycles: 3, total_seconds: 90, device_count: 1 });
    const progress = await client.pull(30);
    expect(progress.stats.total_xp).toBe(12);
    expect(progress.daily).toEqual([{ day: today, xp: 12, cycles: 3, seconds: 90 }]);
  });

  it('pairs with another released client and with a current one, and all see the same totals', async () => {
    const first = released();
    await first.push([{ day: today, xp: 10, cycles: 2, seconds: 60 }], today);
    const second = released();
    const joined = await second.redeemPairingCode((await first.createPairingCode()).code);
    expect(joined.device_count).toBe(2);
    await second.push([{ day: today, xp: 5, cycles: 1, seconds: 30 }], today);

    const third = current();
    await third.redeemPairingCode((await first.createPairingCode()).code);
    const stats = await third.push([{ day: today, xp: 1, cycles: 1, seconds: 10 }], today);
    expect(stats).toMatchObject({ total_xp: 16, total_cycles: 4, total_seconds: 100, device_count: 3 });
    expect((await first.pull(30)).stats.total_xp).toBe(16);
  });
});

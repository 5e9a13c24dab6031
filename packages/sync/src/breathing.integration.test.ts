import { describe, expect, inject, it } from 'vitest';
import { createSyncClient } from './client.ts';
import { memoryStorage } from './storage.ts';
import { utcDay } from './test-support/device.ts';

// "Breathing now" against the real local stack: the count a visitor reads is the server's
// (`get_global_stats().breathing_now`, also in `get_live_board().stats`).
const stack = inject('stack');

async function breathingNow(): Promise<number> {
  const response = await fetch(`${stack.apiUrl}/rest/v1/rpc/get_global_stats`, {
    method: 'POST',
    headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(response.status).toBe(200);
  const stats = (await response.json()) as { breathing_now: number };
  return stats.breathing_now;
}

function device() {
  const storage = memoryStorage();
  return { storage, client: createSyncClient({ url: stack.apiUrl, anonKey: stack.anonKey, storage }) };
}

describe('setBreathing', () => {
  it('counts a device while it breathes and stops at once when it ends', async () => {
    const a = device();
    const b = device();
    await a.client.push([{ day: utcDay(), xp: 4, cycles: 1, seconds: 16 }], utcDay());
    await b.client.ensureSession();
    const before = await breathingNow();

    expect(await a.client.setBreathing(true)).toBe(true);
    expect(await breathingNow()).toBe(before + 1);
    // Repeating it (the 60 s heartbeat) keeps one row per device, never two.
    await a.client.setBreathing(true);
    expect(await breathingNow()).toBe(before + 1);
    // A device that signed in but never pushed may announce too: it is a device, not a player.
    await b.client.setBreathing(true);
    expect(await breathingNow()).toBe(before + 2);

    await a.client.setBreathing(false);
    await b.client.setBreathing(false);
    expect(await breathingNow()).toBe(before);
  });

  it('never signs in just to announce a breath', async () => {
    const fresh = device();
    expect(await fresh.client.setBreathing(true)).toBe(false);
    expect(fresh.storage.snapshot()).toEqual({});
    expect(await fresh.client.hasSession()).toBe(false);
  });
});

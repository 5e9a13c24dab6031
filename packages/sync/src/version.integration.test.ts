import { describe, expect, inject, it } from 'vitest';
import { createSyncClient } from './client.ts';
import { SyncError } from './errors.ts';
import { memoryStorage } from './storage.ts';
import { utcDay } from './test-support/device.ts';
import { clientInfo } from './version.ts';

// The version this client sends, through the real gateway: the current one is served; one below the
// server's min_client_version is refused with client_outdated (HTTP 426), a final error.
const stack = inject('stack');
const today = utcDay();

/** A fetch that records X-Client-Info and, when asked, claims to be another version. */
function versionFetch(seen: string[], claim?: string): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    seen.push(headers.get('x-client-info') ?? '');
    if (claim !== undefined) headers.set('x-client-info', claim);
    return fetch(input, { ...init, headers });
  };
}

describe('the client version', () => {
  it('is sent on every request, sign-in included, and the current version is served', async () => {
    const seen: string[] = [];
    const client = createSyncClient({
      url: stack.apiUrl,
      anonKey: stack.anonKey,
      storage: memoryStorage(),
      fetch: versionFetch(seen),
    });
    await client.push([{ day: today, xp: 1, cycles: 1, seconds: 10 }], today);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set([clientInfo]));
  });

  it('below the minimum, every device call fails with client_outdated (426, final)', async () => {
    const client = createSyncClient({
      url: stack.apiUrl,
      anonKey: stack.anonKey,
      storage: memoryStorage(),
      fetch: versionFetch([], 'breath-master-sync/0.0.1'),
    });
    const failure = await client.push([], today).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SyncError);
    expect(failure).toMatchObject({ code: 'client_outdated', status: 426, kind: 'final' });
    await expect(client.pull()).rejects.toMatchObject({ code: 'client_outdated' });
  });

  it('api_version() tells any client the floor', async () => {
    const client = createSyncClient({ url: stack.apiUrl, anonKey: stack.anonKey, storage: memoryStorage() });
    const { data, error } = await client.supabase.rpc('api_version');
    expect(error).toBeNull();
    expect(data).toMatchObject({ min_client_version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });
});

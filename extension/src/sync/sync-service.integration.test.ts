import { type AddressInfo, createServer } from 'node:net';
import { startTestStack } from '@breath-master/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeMemento, FakeSecretStorage } from '../test-support/fake-vscode.ts';
import { secretStorageAdapter } from './secret-storage-adapter.ts';
import { lastStatsKey, SyncService, syncDirtyKey } from './sync-service.ts';

// The extension's sync path end to end: SecretStorage-backed session, SyncService, the sync
// package and supabase-js, against the real local stack.
let stack: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  stack = await startTestStack();
}, 120_000);
afterAll(async () => {
  await stack?.stop();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const today = () => new Date().toISOString().slice(0, 10);

function device(days: { day: string; xp: number; cycles: number; seconds: number }[]) {
  const state = new FakeMemento();
  const secrets = new FakeSecretStorage();
  const errors: string[] = [];
  const service = new SyncService({
    state,
    storage: secretStorageAdapter(secrets),
    snapshot: () => ({ days, today: today() }),
    onFinalError: (e) => errors.push(e.code),
  });
  return { state, secrets, errors, service, days };
}

describe('extension sync path', () => {
  it('keeps the anonymous session in SecretStorage and never in globalState', async () => {
    const d = device([{ day: today(), xp: 8, cycles: 2, seconds: 32 }]);
    d.service.enable({ serverUrl: stack.apiUrl, anonKey: stack.anonKey });
    const stats = await d.service.pushNow();
    expect(stats.total_xp).toBe(8);
    expect([...d.secrets.data.keys()]).toEqual(['breathMaster.sync.breath-master-auth']);
    expect(JSON.stringify([...d.state.data])).not.toContain('refresh_token');
    expect(d.state.get(lastStatsKey)).toMatchObject({ total_xp: 8 });
  });

  it('a finished session is pushed and the unsent mark cleared', async () => {
    const d = device([{ day: today(), xp: 4, cycles: 1, seconds: 16 }]);
    d.service.enable({ serverUrl: stack.apiUrl, anonKey: stack.anonKey });
    await d.service.sessionEnded();
    expect(d.state.get(syncDirtyKey)).toBe(false);
    expect(d.service.status()).toMatchObject({ dirty: false, state: 'idle' });
    const progress = await (await d.service.client()).pull();
    expect(progress.stats.total_cycles).toBe(1);
  });

  it('offline: the session stays marked unsent without any error, and goes out once the server is reachable', async () => {
    const d = device([{ day: today(), xp: 4, cycles: 1, seconds: 16 }]);
    // A port nothing listens on: connection refused, like a laptop without network.
    d.service.enable({ serverUrl: `http://127.0.0.1:${await closedPort()}`, anonKey: stack.anonKey });
    await d.service.sessionEnded();
    expect(d.state.get(syncDirtyKey)).toBe(true);
    expect(d.service.status()).toMatchObject({ state: 'waiting_retry', dirty: true });
    expect(d.errors).toEqual([]);
    // Next start (new window) with the server back: the remembered mark triggers a push.
    d.service.disable();
    d.service.enable({ serverUrl: stack.apiUrl, anonKey: stack.anonKey });
    expect(d.service.status()).toMatchObject({ dirty: true });
    await d.service.pushNow();
    expect(d.state.get(syncDirtyKey)).toBe(false);
  });

  it('the same device keeps its identity across restarts', async () => {
    const d = device([{ day: today(), xp: 4, cycles: 1, seconds: 16 }]);
    d.service.enable({ serverUrl: stack.apiUrl, anonKey: stack.anonKey });
    const first = await d.service.pushNow();
    d.service.disable();
    const restarted = new SyncService({
      state: d.state,
      storage: secretStorageAdapter(d.secrets),
      snapshot: () => ({ days: d.days, today: today() }),
      onFinalError: () => undefined,
    });
    restarted.enable({ serverUrl: stack.apiUrl, anonKey: stack.anonKey });
    const second = await restarted.pushNow();
    expect(second.player_id).toBe(first.player_id);
    expect(second.device_count).toBe(1);
  });
  it('counts the editor in "breathing now" while a session runs, only when it syncs', async () => {
    const breathingNow = async () => {
      const response = await fetch(`${stack.apiUrl}/rest/v1/rpc/get_global_stats`, {
        method: 'POST',
        headers: { apikey: stack.anonKey, 'content-type': 'application/json' },
        body: '{}',
      });
      return ((await response.json()) as { breathing_now: number }).breathing_now;
    };
    const before = await breathingNow();
    const off = device([]);
    await off.service.setBreathing(true);
    expect(await breathingNow()).toBe(before);

    const d = device([{ day: today(), xp: 4, cycles: 1, seconds: 16 }]);
    d.service.enable({ serverUrl: stack.apiUrl, anonKey: stack.anonKey });
    await d.service.pushNow();
    await d.service.setBreathing(true);
    expect(await breathingNow()).toBe(before + 1);
    await d.service.setBreathing(false);
    expect(await breathingNow()).toBe(before);
  });
});

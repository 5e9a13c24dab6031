import type { RealtimeChannel } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { joined, TestClients, until } from './test-clients.ts';
import {
  startTestDatabase,
  startTestRealtimeServer,
  type TestDatabase,
  type TestRealtimeServer,
} from './test-stack.ts';

let db: TestDatabase;
let server: TestRealtimeServer;
let clients: TestClients;

beforeAll(async () => {
  db = await startTestDatabase();
  server = await startTestRealtimeServer(db);
  clients = new TestClients(server.url);
}, 120_000);

afterEach(async () => {
  await clients.closeAll();
});

afterAll(async () => {
  await server?.stop();
  await db?.stop();
});

interface Watch {
  channel: RealtimeChannel;
  joins: Array<{ key: string; metas: Array<Record<string, unknown>> }>;
  leaves: Array<{ key: string; metas: Array<Record<string, unknown>> }>;
  keys(): string[];
}

async function watchPresence(topic: string, key: string) {
  const c = await clients.create();
  const channel = c.channel(topic, { config: { presence: { key } } });
  const watch: Watch = {
    channel,
    joins: [],
    leaves: [],
    keys: () => Object.keys(channel.presenceState()).sort(),
  };
  channel
    .on('presence', { event: 'join' }, ({ key, newPresences }) =>
      watch.joins.push({ key, metas: newPresences }),
    )
    .on('presence', { event: 'leave' }, ({ key, leftPresences }) =>
      watch.leaves.push({ key, metas: leftPresences }),
    );
  return { client: c, watch };
}

describe('presence', () => {
  it('shares state and diffs on track, untrack and disconnect', { timeout: 20_000 }, async () => {
    const alice = await watchPresence('breathing-now', 'alice');
    const bob = await watchPresence('breathing-now', 'bob');
    await joined(alice.watch.channel);
    await joined(bob.watch.channel);

    expect(await alice.watch.channel.track({ pattern: 'box' })).toBe('ok');
    await until(() => bob.watch.keys().includes('alice'), 'bob to see alice');
    expect(bob.watch.joins.at(-1)?.key).toBe('alice');
    expect(bob.watch.joins.at(-1)?.metas[0]).toMatchObject({ pattern: 'box' });
    expect(bob.watch.joins.at(-1)?.metas[0]?.presence_ref).toEqual(expect.any(String));

    expect(await bob.watch.channel.track({ pattern: '4-7-8' })).toBe('ok');
    await until(() => alice.watch.keys().length === 2, 'alice to see both');
    expect(alice.watch.channel.presenceState().bob?.[0]).toMatchObject({ pattern: '4-7-8' });

    // A late joiner gets the full state on join.
    const carol = await watchPresence('breathing-now', 'carol');
    await joined(carol.watch.channel);
    await until(() => carol.watch.keys().length === 2, 'carol to receive the state');
    expect(carol.watch.keys()).toEqual(['alice', 'bob']);

    // Tracking the same meta again is not news: nobody hears about it.
    const bobJoinsBefore = bob.watch.joins.length;
    expect(await alice.watch.channel.track({ pattern: 'box' })).toBe('ok');

    // Tracking again replaces the meta rather than adding one.
    expect(await alice.watch.channel.track({ pattern: 'coherent' })).toBe('ok');
    await until(
      () =>
        (carol.watch.channel.presenceState().alice?.[0] as { pattern?: string } | undefined)?.pattern ===
        'coherent',
      'the new meta',
    );
    expect(carol.watch.channel.presenceState().alice).toHaveLength(1);
    await until(() => bob.watch.joins.length > bobJoinsBefore, 'bob to hear the change');
    expect(bob.watch.joins.slice(bobJoinsBefore).map((j) => j.metas[0]?.pattern)).toEqual(['coherent']);

    expect(await alice.watch.channel.untrack()).toBe('ok');
    await until(() => !bob.watch.keys().includes('alice'), 'alice to leave');
    expect(bob.watch.leaves.at(-1)?.key).toBe('alice');

    await bob.client.realtime.disconnect();
    await until(() => carol.watch.keys().length === 0, 'bob to leave on disconnect');
    expect(carol.watch.leaves.at(-1)?.key).toBe('bob');
  });

  it('refuses a presence meta that is not an object, as Realtime does', async () => {
    const solo = await watchPresence('odd-presence', 'solo');
    await joined(solo.watch.channel);
    expect(await solo.watch.channel.track('just text' as never)).toBe('error');
    expect(await solo.watch.channel.track({ fine: true })).toBe('ok');
  });
});

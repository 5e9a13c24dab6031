import type { RealtimeChannel } from '@supabase/realtime-js';
import { lazyRetrying } from './lazy-retrying.ts';
import { publicRealtime } from './public-realtime.ts';

// "Breathing now": one Presence channel per tab, on the light public realtime client (never
// supabase-js). Listeners count keys; a running session tracks `{ pattern }` under a random per-tab key.

export const BREATHING_NOW_TOPIC = 'breathing-now';
const tabKey = globalThis.crypto?.randomUUID?.() ?? String(Math.random());

let channel: RealtimeChannel | undefined;
const counters = new Set<(count: number) => void>();

function count(): number {
  return channel ? Object.keys(channel.presenceState()).length : 0;
}

// A client chunk that could not be fetched is tried again by the next watcher or session.
const joined = lazyRetrying(() =>
  publicRealtime().then(
    (client) =>
      new Promise<RealtimeChannel>((resolve) => {
        const ch = client.channel(BREATHING_NOW_TOPIC, { config: { presence: { key: tabKey } } });
        ch.on('presence', { event: 'sync' }, () => {
          for (const listener of counters) listener(count());
        });
        channel = ch;
        ch.subscribe((status) => {
          if (status === 'SUBSCRIBED') resolve(ch);
        });
      }),
  ),
);

export function watchBreathingNow(listener: (count: number) => void): () => void {
  joined.get().catch((error: unknown) => console.warn('breathing now: realtime is unavailable', error));
  counters.add(listener);
  listener(count());
  return () => {
    counters.delete(listener);
  };
}

export async function trackBreathing(pattern: string): Promise<void> {
  const ch = await joined.get();
  await ch.track({ pattern });
}

export async function untrackBreathing(): Promise<void> {
  const ready = joined.peek();
  if (!ready) return;
  await (await ready).untrack();
}

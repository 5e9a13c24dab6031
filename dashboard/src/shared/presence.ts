import type { RealtimeChannel } from '@supabase/realtime-js';
import { publicRealtime } from './public-realtime.ts';

// "Breathing now": one Presence channel per tab, on the light public realtime client (never
// supabase-js). Listeners count keys; a running session tracks `{ pattern }` under a random per-tab key.

export const BREATHING_NOW_TOPIC = 'breathing-now';
const tabKey = globalThis.crypto?.randomUUID?.() ?? String(Math.random());

let channel: RealtimeChannel | undefined;
let ready: Promise<RealtimeChannel> | undefined;
const counters = new Set<(count: number) => void>();

function count(): number {
  return channel ? Object.keys(channel.presenceState()).length : 0;
}

function ensureChannel(): Promise<RealtimeChannel> {
  ready ??= publicRealtime().then(
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
    (e: unknown) => {
      // The client's chunk could not be fetched: the next watcher or session tries again.
      ready = undefined;
      throw e;
    },
  );
  return ready;
}

export function watchBreathingNow(listener: (count: number) => void): () => void {
  ensureChannel().catch(() => {});
  counters.add(listener);
  listener(count());
  return () => {
    counters.delete(listener);
  };
}

export async function trackBreathing(pattern: string): Promise<void> {
  const ch = await ensureChannel();
  await ch.track({ pattern });
}

export async function untrackBreathing(): Promise<void> {
  if (!ready) return;
  await (await ready).untrack();
}

import type { RealtimeChannel } from '@supabase/supabase-js';
import { supabase } from './server.ts';

// "Breathing now": one Presence channel per tab. Listeners count keys; a running session tracks
// `{ pattern }` under a random per-tab key.

export const BREATHING_NOW_TOPIC = 'breathing-now';
const tabKey = globalThis.crypto?.randomUUID?.() ?? String(Math.random());

let channel: RealtimeChannel | undefined;
let ready: Promise<RealtimeChannel> | undefined;
const counters = new Set<(count: number) => void>();

function count(): number {
  return channel ? Object.keys(channel.presenceState()).length : 0;
}

function ensureChannel(): Promise<RealtimeChannel> {
  ready ??= supabase().then(
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
  );
  return ready;
}

export function watchBreathingNow(listener: (count: number) => void): () => void {
  void ensureChannel();
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

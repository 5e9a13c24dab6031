import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { syncClient } from './server.ts';

// A device's private topics (`player:<id>`, `team:<id>`): joined on the sync client's supabase-js with
// the device's own token, which RLS on realtime.messages checks at join. The server closes such a
// channel when the token expires (an hour) or stops passing RLS; the channel is then joined again with
// a fresh token (getSession refreshes an expiring one), after a backoff so a refusal is not hammered.

const RETRY_BASE_MS = 2_000;
const RETRY_CAP_MS = 60_000;

export type PrivateHandlers = Readonly<Record<string, (payload: unknown) => void>>;

/** Joins `topic` privately and calls `onLive` with whether it is joined; returns the function that leaves. */
export function joinPrivateChannel(
  topic: string,
  handlers: PrivateHandlers,
  onLive: (live: boolean) => void,
): () => void {
  let stopped = false;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let current: { client: SupabaseClient; channel: RealtimeChannel } | undefined;

  const leave = () => {
    const joined = current;
    current = undefined;
    if (joined) void joined.client.removeChannel(joined.channel);
  };

  const again = () => {
    if (stopped || retry) return;
    const ceiling = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** attempt);
    attempt += 1;
    retry = setTimeout(
      () => {
        retry = undefined;
        leave();
        void open();
      },
      ceiling / 2 + Math.random() * (ceiling / 2),
    );
  };

  async function open(): Promise<void> {
    try {
      const sync = await syncClient();
      await sync.ensureSession();
      const client = sync.supabase;
      const { data } = await client.auth.getSession();
      // A private join must carry the token: set it before subscribing (see ARCHITECTURE.md).
      if (data.session) await client.realtime.setAuth(data.session.access_token);
      if (stopped) return;
      const channel = client.channel(topic, { config: { private: true } });
      for (const [event, handler] of Object.entries(handlers)) {
        channel.on('broadcast', { event }, ({ payload }) => handler(payload));
      }
      current = { client, channel };
      channel.subscribe((state, error) => {
        // A channel this one replaced (or left) reports its own closing: not news.
        if (stopped || current?.channel !== channel) return;
        onLive(state === 'SUBSCRIBED');
        if (state === 'SUBSCRIBED') {
          attempt = 0;
          return;
        }
        if (error) console.warn(`${topic}: ${state}`, error);
        again();
      });
    } catch (error) {
      if (stopped) return;
      console.warn(`${topic}: could not join`, error);
      onLive(false);
      again();
    }
  }

  void open();
  return () => {
    stopped = true;
    clearTimeout(retry);
    leave();
  };
}

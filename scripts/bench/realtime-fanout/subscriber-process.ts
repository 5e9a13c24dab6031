// A share of the fan-out benchmark's subscribers: one official supabase-js client (one WebSocket)
// per subscriber, as the dashboard and the extension connect. Each receipt is timestamped first
// thing in the broadcast callback and kept per (push, subscriber), so loss and duplicates are
// counted per subscriber and latencies computed once the pusher's timings arrive.
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import {
  type FromSubscribers,
  type KindResult,
  type PushRecord,
  type SubscriberKind,
  type SubscriberSpec,
  type ToSubscribers,
  wallNow,
} from './protocol.ts';

// realtime-js rejoins on its own after a refused or timed-out join; give it that long before
// counting the subscriber as failed.
const JOIN_DEADLINE_MS = 60_000;
const PROGRESS_EVERY = 100;

const send = (message: FromSubscribers): void => {
  process.send?.(message);
};

let specs: SubscriberSpec[] = [];
const clients: SupabaseClient[] = [];
/** Push key → receipt time per subscriber of this process (NaN: not received). */
let receipts = new Map<string, Float64Array>();
let duplicates = new Int32Array(0);
let received = 0;

function record(index: number, key: string, at: number): void {
  let row = receipts.get(key);
  if (row === undefined) {
    row = new Float64Array(specs.length).fill(Number.NaN);
    receipts.set(key, row);
  }
  if (Number.isNaN(row[index] as number)) {
    row[index] = at;
    received += 1;
  } else {
    duplicates[index] = (duplicates[index] ?? 0) + 1;
  }
}

function joinOnce(channel: RealtimeChannel): Promise<void> {
  return new Promise((resolve, reject) => {
    let last = 'no answer';
    const timer = setTimeout(
      () => reject(new Error(`${channel.topic}: not joined after ${JOIN_DEADLINE_MS} ms (${last})`)),
      JOIN_DEADLINE_MS,
    );
    channel.subscribe((status, error) => {
      last = error ? `${status}: ${error.message}` : status;
      if (status === 'SUBSCRIBED') {
        clearTimeout(timer);
        resolve();
      }
    });
    timer.unref();
  });
}

async function subscribeOne(apiUrl: string, anonKey: string, spec: SubscriberSpec, index: number) {
  const { token } = spec;
  const client = createClient(apiUrl, anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket.
    realtime: { transport: WebSocket as never },
    ...(token ? { accessToken: async () => token } : {}),
  });
  clients.push(client);
  // supabase-js applies accessToken asynchronously: a private join sent before it would be refused.
  if (token) await client.realtime.setAuth(token);
  const channel = client.channel(spec.topic, { config: { private: spec.private } });
  channel.on('broadcast', { event: spec.event }, (message) => {
    const at = wallNow();
    const payload = message.payload as { player_id?: unknown; total_xp?: unknown } | undefined;
    record(index, `${String(payload?.player_id)}:${String(payload?.total_xp)}`, at);
  });
  await joinOnce(channel);
}

async function connect(apiUrl: string, anonKey: string, wanted: SubscriberSpec[], concurrency: number) {
  specs = wanted;
  duplicates = new Int32Array(specs.length);
  const failures: string[] = [];
  let next = 0;
  let joined = 0;
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const index = next++;
      try {
        await subscribeOne(apiUrl, anonKey, specs[index] as SubscriberSpec, index);
        joined += 1;
        if (joined % PROGRESS_EVERY === 0) send({ type: 'progress', joined });
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  send({ type: 'connected', joined, failures: failures.slice(0, 5) });
}

function collect(pushes: readonly PushRecord[]): Partial<Record<SubscriberKind, KindResult>> {
  const byKind: Partial<Record<SubscriberKind, KindResult>> = {};
  const samples = new Map<
    SubscriberKind,
    { fromCommit: number[]; fromResponse: number[]; fromSend: number[] }
  >();
  const lostBy = new Int32Array(specs.length);
  for (const [index, spec] of specs.entries()) {
    byKind[spec.kind] ??= {
      subscribers: 0,
      expected: 0,
      received: 0,
      lost: 0,
      subscribersWithLoss: 0,
      duplicates: 0,
      unexpected: 0,
      fromCommit: new Float64Array(0),
      fromResponse: new Float64Array(0),
      fromSend: new Float64Array(0),
    };
    const kind = byKind[spec.kind] as KindResult;
    kind.subscribers += 1;
    kind.expected += pushes.length;
    kind.duplicates += duplicates[index] ?? 0;
    if (!samples.has(spec.kind)) samples.set(spec.kind, { fromCommit: [], fromResponse: [], fromSend: [] });
  }
  const measured = new Set<string>();
  for (const push of pushes) {
    measured.add(push.key);
    const row = receipts.get(push.key);
    for (const [index, spec] of specs.entries()) {
      const at = row?.[index] ?? Number.NaN;
      if (Number.isNaN(at)) {
        lostBy[index] = (lostBy[index] ?? 0) + 1;
        continue;
      }
      const s = samples.get(spec.kind);
      if (!Number.isNaN(push.committedAt)) s?.fromCommit.push(at - push.committedAt);
      s?.fromResponse.push(at - push.respondedAt);
      s?.fromSend.push(at - push.sentAt);
    }
  }
  for (const [key, row] of receipts) {
    if (measured.has(key)) continue;
    for (const [index, spec] of specs.entries()) {
      if (!Number.isNaN(row[index] as number)) (byKind[spec.kind] as KindResult).unexpected += 1;
    }
  }
  for (const [index, spec] of specs.entries()) {
    const kind = byKind[spec.kind] as KindResult;
    const lost = lostBy[index] ?? 0;
    kind.lost += lost;
    kind.received += pushes.length - lost;
    if (lost > 0) kind.subscribersWithLoss += 1;
  }
  for (const [name, s] of samples) {
    const kind = byKind[name] as KindResult;
    kind.fromCommit = Float64Array.from(s.fromCommit);
    kind.fromResponse = Float64Array.from(s.fromResponse);
    kind.fromSend = Float64Array.from(s.fromSend);
  }
  return byKind;
}

/** How long one broadcast took to reach all of this process's subscribers, per push. */
function receiptSpan(keys: readonly string[]) {
  const firstReceipt = new Float64Array(keys.length).fill(Number.NaN);
  const lastReceipt = new Float64Array(keys.length).fill(Number.NaN);
  for (const [i, key] of keys.entries()) {
    const row = receipts.get(key);
    if (row === undefined) continue;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const at of row) {
      if (Number.isNaN(at)) continue;
      first = Math.min(first, at);
      last = Math.max(last, at);
    }
    if (last >= first) {
      firstReceipt[i] = first;
      lastReceipt[i] = last;
    }
  }
  return { firstReceipt, lastReceipt };
}

process.on('message', (message: ToSubscribers) => {
  const run = async (): Promise<void> => {
    switch (message.type) {
      case 'connect':
        return connect(message.apiUrl, message.anonKey, message.specs, message.concurrency);
      case 'reset':
        receipts = new Map();
        duplicates = new Int32Array(specs.length);
        received = 0;
        return send({ type: 'reset-done' });
      case 'count':
        return send({ type: 'count', received });
      case 'span':
        return send({ type: 'span', ...receiptSpan(message.keys) });
      case 'collect':
        return send({ type: 'result', byKind: collect(message.pushes) });
      case 'stop':
        for (const client of clients) client.realtime.disconnect();
        process.exit(0);
    }
  };
  run().catch((error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
process.on('disconnect', () => process.exit(0));

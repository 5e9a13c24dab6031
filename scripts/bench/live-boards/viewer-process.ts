// A share of the live-boards benchmark's viewers: one realtime-js client (one WebSocket) per viewer,
// as the dashboard's light client connects. Board viewers keep their boards exactly as the dashboard
// does (board.ts); every receipt is timestamped first thing in the callback. The figures are
// computed here at the end, from the pusher's records the parent sends, so only results cross IPC.
import { type RealtimeChannel, RealtimeClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { wallNow } from '../realtime-fanout/protocol.ts';
import {
  applyBoardMessage,
  boardDifferences,
  type LiveBoard,
  type LiveBoardMessage,
  SCOPES,
} from './board.ts';
import { indexShown, messageRate, shortestGap, visibilityDelays } from './measures.ts';
import type { FromViewers, ToViewers, ViewerSpec } from './protocol.ts';

// realtime-js rejoins on its own after a refused or timed-out join; give it that long.
const JOIN_DEADLINE_MS = 60_000;
const PROGRESS_EVERY = 100;

const send = (message: FromViewers): void => {
  process.send?.(message);
};

interface Viewer {
  spec: ViewerSpec;
  client: RealtimeClient;
  /** Every receipt of the subscribed event. */
  times: number[];
  /** Board viewers: the board as the dashboard would show it (null until the first load). */
  board: LiveBoard | null;
  /** Messages that arrived while the board was (re)loading, applied after it. */
  pending: LiveBoardMessage[];
  loading: boolean;
  /** [seq, time] of each state the viewer reached: a message applied or a board loaded. */
  states: [number, number][];
  refetches: number;
  /** `me` viewers: `player_id:total_xp` → first receipt. */
  mine: Map<string, number>;
  /** Board viewers: [receipt time, the message's `at` (the flush's start, server clock), seq] per message. */
  flushes: [number, number, number][];
}

// A failed load is tried again after this long, as the dashboard falls back to polling.
const RELOAD_RETRY_MS = 1000;

let api = { url: '', anonKey: '' };
/** Failed loads of get_live_board() (each was retried): the first few, and how many. */
const loadFailures: string[] = [];
let loadFailureCount = 0;
const viewers: Viewer[] = [];
/** Every board message any viewer received, by seq: its all-time rows (the same for everyone). */
const shownRows = new Map<number, { player_id: string; total_xp: number }[]>();

async function loadBoard(): Promise<LiveBoard> {
  const res = await fetch(`${api.url}/rest/v1/rpc/get_live_board`, {
    method: 'POST',
    headers: {
      apikey: api.anonKey,
      authorization: `Bearer ${api.anonKey}`,
      'content-type': 'application/json',
    },
    body: '{}',
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`get_live_board: ${res.status} ${text}`);
  return JSON.parse(text) as LiveBoard;
}

/** Applies what can be applied; on a gap, loads the board again (once at a time) and goes on. */
function advance(viewer: Viewer): void {
  if (viewer.loading || viewer.board === null) return;
  viewer.pending.sort((a, b) => a.seq - b.seq);
  while (viewer.pending.length > 0) {
    const message = viewer.pending.shift() as LiveBoardMessage;
    const { outcome, board } = applyBoardMessage(viewer.board, message);
    if (outcome === 'applied') {
      viewer.board = board;
      viewer.states.push([board.seq, wallNow()]);
    } else if (outcome === 'gap') {
      viewer.pending.unshift(message);
      viewer.refetches += 1;
      void reload(viewer);
      return;
    }
  }
}

async function reload(viewer: Viewer): Promise<void> {
  viewer.loading = true;
  try {
    let board: LiveBoard | null = null;
    while (board === null) {
      try {
        board = await loadBoard();
      } catch (error) {
        loadFailureCount += 1;
        if (loadFailures.length < 3)
          loadFailures.push(error instanceof Error ? error.message : String(error));
        await new Promise((resolve) => setTimeout(resolve, RELOAD_RETRY_MS));
      }
    }
    // An answer older than what the viewer holds (a message overtook it) is not a step back.
    if (viewer.board === null || board.seq >= viewer.board.seq) {
      viewer.board = board;
      viewer.states.push([board.seq, wallNow()]);
    }
  } finally {
    viewer.loading = false;
  }
  advance(viewer);
}

function onBoard(viewer: Viewer, payload: unknown, at: number): void {
  const message = payload as LiveBoardMessage;
  if (!shownRows.has(message.seq)) {
    shownRows.set(
      message.seq,
      (message.all_time?.rows ?? []).map((r) => ({ player_id: r.player_id, total_xp: r.total_xp })),
    );
  }
  viewer.times.push(at);
  viewer.flushes.push([at, Date.parse(message.at), message.seq]);
  viewer.pending.push(message);
  advance(viewer);
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

async function connectOne(spec: ViewerSpec): Promise<void> {
  const endpoint = new URL(`${api.url}/realtime/v1`);
  endpoint.protocol = endpoint.protocol.replace('http', 'ws');
  // Node 20 has no global WebSocket.
  const client = new RealtimeClient(endpoint.href, {
    params: { apikey: api.anonKey },
    transport: WebSocket as never,
  });
  const viewer: Viewer = {
    spec,
    client,
    times: [],
    board: null,
    pending: [],
    loading: false,
    states: [],
    refetches: 0,
    mine: new Map(),
    flushes: [],
  };
  viewers.push(viewer);
  // Private topics need the token in place before the join (the dashboard sets the anon key).
  if (spec.private) await client.setAuth(spec.token ?? api.anonKey);
  const channel = client.channel(spec.topic, { config: { private: spec.private } });
  channel.on('broadcast', { event: spec.event }, (message) => {
    const at = wallNow();
    if (spec.kind === 'board') return onBoard(viewer, message.payload, at);
    viewer.times.push(at);
    if (spec.kind === 'me') {
      const p = message.payload as { player_id?: unknown; total_xp?: unknown };
      const key = `${String(p.player_id)}:${String(p.total_xp)}`;
      if (!viewer.mine.has(key)) viewer.mine.set(key, at);
    }
  });
  await joinOnce(channel);
  // The dashboard loads the board once subscribed, so no message falls between the two.
  if (spec.kind === 'board') await reload(viewer);
}

async function connect(specs: ViewerSpec[], concurrency: number): Promise<void> {
  const failures: string[] = [];
  let next = 0;
  let joined = 0;
  const worker = async (): Promise<void> => {
    while (next < specs.length) {
      const spec = specs[next++] as ViewerSpec;
      try {
        await connectOne(spec);
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

function collect(message: Extract<ToViewers, { type: 'collect' }>): void {
  const counted = viewers.filter((v) => v.spec.kind !== 'me');
  const boards = viewers.filter((v) => v.spec.kind === 'board');
  const shown = indexShown([...shownRows].map(([seq, rows]) => ({ seq, rows })));
  const visibility = visibilityDelays(
    shown,
    message.pushes,
    boards.map((v) => v.states),
  );
  const meAfter: number[] = [];
  let meMissing = 0;
  for (const viewer of viewers.filter((v) => v.spec.kind === 'me')) {
    const player = viewer.spec.topic.slice('player:'.length);
    for (const push of message.mePushes.filter((p) => p.playerId === player)) {
      const at = viewer.mine.get(`${push.playerId}:${push.totalXp}`);
      if (at === undefined) meMissing += 1;
      else meAfter.push(at - push.at);
    }
  }
  const differences: string[] = [];
  let boardsEqual = 0;
  let boardsCompared = 0;
  const breathing = new Map<number, number>();
  let lastSeq = 0;
  for (const viewer of boards) {
    if (viewer.board === null) continue;
    lastSeq = Math.max(lastSeq, viewer.board.seq);
    const now = viewer.board.stats.breathing_now;
    breathing.set(now, (breathing.get(now) ?? 0) + 1);
    if (message.expected === null) continue;
    boardsCompared += 1;
    const diff = SCOPES.flatMap((scope) =>
      boardDifferences(viewer.board?.[scope] ?? [], message.expected?.[scope] ?? [], scope),
    );
    if (diff.length === 0) boardsEqual += 1;
    else if (differences.length < 5) differences.push(`seq ${viewer.board.seq}: ${diff.join('; ')}`);
  }
  const inWindow = (at: number) => at >= message.window.from && at < message.window.to;
  const received = boards.flatMap((v) => v.flushes.filter(([at]) => inWindow(at)));
  const fromFlush = received.map(([at, flush]) => at - flush);
  const fromCommit = received.flatMap(([at, , seq]) => {
    const commit = message.commits.get(seq);
    return commit === undefined ? [] : [at - commit];
  });
  const flushStarts = new Map<number, number>();
  for (const v of boards) for (const [, flush, seq] of v.flushes) flushStarts.set(seq, flush);
  send({
    type: 'result',
    fromFlushMs: Float64Array.from(fromFlush),
    fromCommitMs: Float64Array.from(fromCommit),
    flushStarts: [...flushStarts],
    rates: counted.map((v) => messageRate(v.times, message.window)),
    shortestGapMs: Math.min(...counted.map((v) => shortestGap(v.times, message.window))),
    visibleAfterMs: Float64Array.from(visibility.delays),
    pushesShown: visibility.pushesShown,
    notCaughtUp: visibility.notCaughtUp,
    meAfterMs: Float64Array.from(meAfter),
    meMissing,
    boardsCompared,
    boardsEqual,
    differences,
    refetches: boards.reduce((n, v) => n + v.refetches, 0),
    breathingNow: [...breathing],
    lastSeq,
    loadFailures: loadFailureCount,
    loadFailureSamples: loadFailures,
  });
}

process.on('message', (message: ToViewers) => {
  const run = async (): Promise<void> => {
    switch (message.type) {
      case 'connect':
        api = { url: message.apiUrl, anonKey: message.anonKey };
        return connect(message.specs, message.concurrency);
      case 'collect':
        return collect(message);
      case 'stop':
        for (const viewer of viewers) viewer.client.disconnect();
        process.exit(0);
    }
  };
  run().catch((error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
process.on('disconnect', () => process.exit(0));

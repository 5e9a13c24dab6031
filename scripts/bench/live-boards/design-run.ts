import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { descendants } from '../lib/procfs.ts';
import { percentile } from '../lib/stats.ts';
import { growPlayers } from '../ranking/seed.ts';
import { CpuSampler, describeUsage, otherCores } from '../realtime-fanout/cpu-sampler.ts';
import { type Api, mapLimited, rpc } from '../realtime-fanout/devices.ts';
import type { ProcessSet, WitnessChild } from '../realtime-fanout/processes.ts';
import { type PushRecord, type StackOptions, type StackReady, wallNow } from '../realtime-fanout/protocol.ts';
import { runPushes } from '../realtime-fanout/pusher.ts';
import { connectSubscribers } from '../realtime-fanout/subscribers.ts';
import type { BoardRow, LiveBoard, Scope } from './board.ts';
import { type Flusher, hasLiveBoards, startFlusher } from './flusher.ts';
import { flushDurations, type PushSeen, type Window } from './measures.ts';
import { createPool, type PoolPlayer } from './population.ts';
import type { FromViewers, ToViewers, ViewerResult, ViewerSpec } from './protocol.ts';
import type { Throughput } from './throughput.ts';

// One design measured on a stack of its own: seed the board (openDesign), then sign up the pushing
// pool, connect the viewers, push at the set rate, let the last flush go out and
// compare what every viewer shows with get_leaderboard(). The old design (public `leaderboard`, one
// `player_stats` event per change) and the new one (private `leaderboard`, coalesced `board`
// messages, `player:<id>` for one's other devices) go through the same steps.

export type Design = 'old' | 'new';

export interface DesignConfig {
  design: Design;
  stack: StackOptions;
  players: number;
  pool: number;
  /** Pool players with a second device listening on `player:<id>` (new design only). */
  paired: number;
  viewers: number;
  viewerProcesses: number;
  pushesPerSecond: number;
  warmupSeconds: number;
  loadSeconds: number;
  /** Devices that call set_breathing(true) as the load starts, and how many of them stop halfway. */
  breathing: { start: number; stop: number };
  today: string;
}

export interface DesignResult {
  design: Design;
  seedSeconds: number;
  flushBy: Flusher['by'] | null;
  flushFailures: { count: number; first: string | null };
  throughput: Throughput;
  viewers: number;
  joined: number;
  joinFailures: string[];
  window: Window;
  pushes: number;
  latePushes: number;
  /** CPU during the measured load, per process group, and what the rest of the machine took. */
  cpu: { lines: string[]; othersCores: number; machineCores: number };
  /** Push sent → answered, as the pusher saw it. */
  roundTrip: { p50: number; p95: number };
  retried: number;
  viewed: ViewerResult;
  /** Per board message of the load: its flush's start (`at`) → its commit seen by the witness, in ms. */
  flushMs: number[];
  breathing: { truth: number; liveBoard: number } | null;
  liveBoardSeq: number | null;
}

const VIEWER_FILE = fileURLToPath(new URL('./viewer-process.ts', import.meta.url));
// After the load: one flush tick for the last pushes, then the benchmark's own flush once the board
// interval (1 s) has passed since the last message, and time for it to reach every viewer.
const LAST_FLUSH_AFTER_MS = 1500;
const DELIVERY_MS = 2000;

function merge(results: ViewerResult[]): ViewerResult {
  const concat = (pick: (r: ViewerResult) => Float64Array) =>
    Float64Array.from(results.flatMap((r) => Array.from(pick(r))));
  const breathing = new Map<number, number>();
  for (const r of results)
    for (const [value, n] of r.breathingNow) breathing.set(value, (breathing.get(value) ?? 0) + n);
  const sum = (pick: (r: ViewerResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  return {
    type: 'result',
    rates: results.flatMap((r) => r.rates),
    shortestGapMs: Math.min(...results.map((r) => r.shortestGapMs)),
    visibleAfterMs: concat((r) => r.visibleAfterMs),
    fromFlushMs: concat((r) => r.fromFlushMs),
    fromCommitMs: concat((r) => r.fromCommitMs),
    flushStarts: [...new Map(results.flatMap((r) => r.flushStarts))],
    pushesShown: Math.max(...results.map((r) => r.pushesShown)),
    notCaughtUp: sum((r) => r.notCaughtUp),
    meAfterMs: concat((r) => r.meAfterMs),
    meMissing: sum((r) => r.meMissing),
    boardsCompared: sum((r) => r.boardsCompared),
    boardsEqual: sum((r) => r.boardsEqual),
    differences: results.flatMap((r) => r.differences).slice(0, 5),
    refetches: sum((r) => r.refetches),
    breathingNow: [...breathing].sort((a, b) => b[1] - a[1]),
    lastSeq: Math.max(...results.map((r) => r.lastSeq)),
    loadFailures: sum((r) => r.loadFailures),
    loadFailureSamples: results.flatMap((r) => r.loadFailureSamples).slice(0, 3),
  };
}

/**
 * The push with its commit bounded by the earliest sign of it: its answer, or the commit witness's
 * notification (a broadcast the push's transaction sent: `my_stats` of a paired player now,
 * `player_stats` of any player in the old design). Under load the pusher's event loop may read an
 * answer late, while the witness, an idle process, is told as soon as the commit happens.
 */
const asSeen = (record: PushRecord, witnessed: Map<string, number>): PushSeen => {
  const [playerId = '', totalXp = 'NaN'] = record.key.split(':');
  return {
    playerId,
    totalXp: Number(totalXp),
    at: Math.min(record.respondedAt, witnessed.get(record.key) ?? Number.POSITIVE_INFINITY),
  };
};

function viewerSpecs(config: DesignConfig, pool: readonly PoolPlayer[]): ViewerSpec[] {
  const kind = config.design === 'new' ? 'board' : 'public';
  const viewers: ViewerSpec[] = Array.from({ length: config.viewers }, () => ({
    kind,
    topic: 'leaderboard',
    event: kind === 'board' ? 'board' : 'player_stats',
    private: kind === 'board',
    token: null,
  }));
  if (config.design === 'old') return viewers;
  const mine: ViewerSpec[] = pool.flatMap((p) =>
    p.other
      ? [
          {
            kind: 'me',
            topic: `player:${p.playerId}`,
            event: 'my_stats',
            private: true,
            token: p.other.token,
          },
        ]
      : [],
  );
  return [...viewers, ...mine];
}

async function setBreathing(api: Api, pool: readonly PoolPlayer[], active: boolean): Promise<void> {
  await mapLimited(pool, (p) => rpc(api, p.device, 'set_breathing', { active }));
}

/** A design's stack, seeded and ready to measure; `close` stops everything it started. */
export interface DesignStack {
  config: DesignConfig;
  processes: ProcessSet;
  phase: (line: string) => void;
  stackPid: number;
  ready: StackReady;
  api: Api;
  db: pg.Client;
  witness: WitnessChild;
  flusher: Flusher | null;
  seedSeconds: number;
}

/** Starts the design's stack and seeds its board; stops what it started if that fails. */
export async function openDesign(
  config: DesignConfig,
  processes: ProcessSet,
  phase: (line: string) => void,
): Promise<DesignStack> {
  const { design } = config;
  phase(`starting the ${design} design's stack…`);
  const stack = processes.startStack(config.stack, `${design} stack`);
  let db: pg.Client | null = null;
  let flusher: Flusher | null = null;
  try {
    const ready = await stack.next('ready', 300_000);
    const client = new pg.Client({ connectionString: ready.dbUrl, application_name: 'live-boards bench' });
    db = client;
    client.on('error', (error) => phase(`database connection: ${error.message}`));
    await client.connect();
    const witness = processes.startWitness();
    await witness.request({ type: 'listen', dbUrl: ready.dbUrl }, 'listening', 30_000);
    phase(`seeding ${config.players.toLocaleString('en-US')} players…`);
    const seeded = await growPlayers(client, 0, config.players);
    await client.query('checkpoint');
    if (design === 'new') {
      if (!(await hasLiveBoards(client)))
        throw new Error(
          'the new design needs private.flush_live_boards(): the live-boards migrations are missing',
        );
      flusher = await startFlusher(ready.dbUrl);
      phase(
        `the flush runs every second, by the ${flusher.by === 'schedule' ? "stack's schedule" : 'benchmark'}`,
      );
    }
    return {
      config,
      processes,
      phase,
      stackPid: stack.pid,
      ready,
      api: { url: ready.apiUrl, anonKey: ready.anonKey },
      db: client,
      witness,
      flusher,
      seedSeconds: seeded.rowsSeconds + seeded.bucketsSeconds + seeded.vacuumSeconds,
    };
  } catch (error) {
    await closeDesign({ config, processes, phase, db, flusher });
    throw error;
  }
}

export async function closeDesign(
  s: Pick<DesignStack, 'config' | 'processes' | 'phase'> & { db: pg.Client | null; flusher: Flusher | null },
): Promise<void> {
  await s.flusher?.stop().catch((error: unknown) => s.phase(`stopping the flusher: ${String(error)}`));
  await s.db?.end().catch(() => {});
  s.phase(`stopping the ${s.config.design} design's viewers and stack…`);
  await s.processes.stopAll();
}

/** Viewers, pushes at the set rate, the last flush and the comparison, on an open design's stack. */
export async function measureDesign(s: DesignStack, throughput: Throughput): Promise<DesignResult> {
  const { config, processes, phase, api, db, witness, flusher, seedSeconds } = s;
  const { design } = config;
  const stack = { pid: s.stackPid };
  phase(
    `signing up the pool: ${config.pool} devices placed over the board${design === 'new' ? `, ${config.paired} paired` : ''}…`,
  );
  const pool = await createPool(api, db, {
    size: config.pool,
    paired: design === 'new' ? config.paired : 0,
    today: config.today,
    seed: 42,
  });

  const specs = viewerSpecs(config, pool);
  phase(`connecting ${specs.length} viewers from ${config.viewerProcesses} processes…`);
  const children = Array.from({ length: config.viewerProcesses }, (_, i) =>
    processes.adopt<ToViewers, FromViewers>(VIEWER_FILE, `viewers ${i + 1}`),
  );
  const joinStarted = Date.now();
  const join = await connectSubscribers(api, specs, children, phase);
  phase(`  ${join.joined}/${specs.length} joined in ${((Date.now() - joinStarted) / 1000).toFixed(1)} s`);

  const rate = { perSecond: config.pushesPerSecond, today: config.today };
  phase(`warm-up: ${config.warmupSeconds} s at ${config.pushesPerSecond} pushes/s…`);
  await runPushes(api, pool, { ...rate, count: config.warmupSeconds * config.pushesPerSecond });

  phase(
    `measuring: ${config.loadSeconds} s at ${config.pushesPerSecond} pushes/s from ${pool.length} devices…`,
  );
  const breathers = design === 'new' ? pool.slice(0, config.breathing.start) : [];
  const cpu = new CpuSampler([
    { name: `gateway and cron (pid ${stack.pid})`, pids: () => [stack.pid] },
    { name: 'PostgreSQL (all backends)', pids: () => descendants(stack.pid) },
    ...children.map((c) => ({ name: `${c.label} (pid ${c.pid})`, pids: () => [c.pid] })),
    { name: `pusher, this process (pid ${process.pid})`, pids: () => [process.pid] },
  ]);
  cpu.start();
  const from = wallNow();
  const breathing = (async () => {
    if (breathers.length === 0) return;
    await setBreathing(api, breathers, true);
    await sleep((config.loadSeconds * 1000) / 2);
    await setBreathing(api, breathers.slice(0, config.breathing.stop), false);
  })();
  const load = await runPushes(api, pool, { ...rate, count: config.loadSeconds * config.pushesPerSecond });
  await breathing;
  const to = wallNow();
  const usage = cpu.stop();
  phase(`  ${load.records.length} pushes in ${((to - from) / 1000).toFixed(1)} s (${load.late} late)`);

  let expected: Record<Scope, BoardRow[]> | null = null;
  let liveBoard: LiveBoard | null = null;
  await sleep(LAST_FLUSH_AFTER_MS);
  if (flusher) {
    await flusher.flushNow();
    await sleep(DELIVERY_MS);
    const anon = { userId: '', token: api.anonKey };
    const board = async (scope: Scope) =>
      (await rpc<BoardRow[]>(api, anon, 'get_leaderboard', { scope, row_limit: 100 })).body;
    expected = { all_time: await board('all_time'), weekly: await board('weekly') };
    liveBoard = (await rpc<LiveBoard>(api, anon, 'get_live_board', {})).body;
  }
  const window = { from, to };
  const { firstSeen } = await witness.request({ type: 'collect' }, 'seen', 30_000);
  const pushes = load.records.map((r) => asSeen(r, firstSeen));
  const roundTrips = load.records.map((r) => r.respondedAt - r.sentAt);
  const commits = new Map<number, number>();
  for (const [key, at] of firstSeen) if (key.startsWith('seq:')) commits.set(Number(key.slice(4)), at);
  const paired = new Set(pool.filter((p) => p.other).map((p) => p.playerId));
  // The witness is reset before the load, so it knows the commits of the load's messages only.
  const results = await Promise.all(
    children.map((c) =>
      c.request(
        {
          type: 'collect',
          window,
          pushes,
          mePushes: pushes.filter((p) => paired.has(p.playerId)),
          commits,
          expected,
        },
        'result',
        120_000,
      ),
    ),
  );
  return {
    design,
    seedSeconds,
    flushBy: flusher?.by ?? null,
    flushFailures: flusher?.failures() ?? { count: 0, first: null },
    throughput,
    viewers: specs.length,
    joined: join.joined,
    joinFailures: join.failures,
    window,
    pushes: load.records.length,
    latePushes: load.late,
    cpu: { lines: describeUsage(usage), othersCores: otherCores(usage), machineCores: usage.machineCores },
    roundTrip: { p50: percentile(roundTrips, 50), p95: percentile(roundTrips, 95) },
    retried: load.retried.length,
    viewed: merge(results),
    flushMs: flushDurations(merge(results).flushStarts, commits),
    breathing: liveBoard
      ? { truth: config.breathing.start - config.breathing.stop, liveBoard: liveBoard.stats.breathing_now }
      : null,
    liveBoardSeq: liveBoard?.seq ?? null,
  };
}

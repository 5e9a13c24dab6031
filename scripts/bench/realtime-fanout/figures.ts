import type { Figure } from '../lib/report.ts';
import { percentile } from '../lib/stats.ts';
import type { Connections } from './footprint.ts';
import type { KindResult, SubscriberKind } from './protocol.ts';

// Turns the fan-out run into the benchmark's figures and the notes printed under the table.

export const BENCH = 'realtime-fanout';

const GOAL_P50_MS = 20;
const GOAL_P95_MS = 60;
const SUPABASE_REFERENCE =
  "Supabase's published figures for Broadcast from Database: median 46 ms, p95 132 ms (on their cluster)";
const METHOD =
  'commit = the earliest of three events that follow it: the broadcast reaching an independent LISTEN ' +
  'session (the witness process; PostgreSQL signals listeners right after the commit), the push ' +
  'response reaching the pusher, and the first receipt by any subscriber, so a latency is never ' +
  'overstated; receipt = the subscriber callback; all processes read performance.timeOrigin + now() ' +
  'on one machine';

export interface Measurements {
  pushes: number;
  perSecond: number;
  pushers: number;
  byKind: Record<SubscriberKind, KindResult>;
  /** Pusher's request sent → response arrived, per measured push. */
  roundTrips: number[];
  /** Broadcast seen by the witness → push response arrived, per push the witness saw. */
  responseAfterWitness: number[];
  witnessMissed: number;
  /** Pushes whose first receipt came before both the witness's notification and the response. */
  subscriberFirst: number;
  /** Per push: its first receipt by any subscriber → its last. */
  fanoutSpread: number[];
  retried: string[];
  joinFailures: number;
  latePushes: number;
  rss: { idle: number; connected: number; peak: number };
  /** During the measured pushes, in cores; `gatewayWhere` says which CPUs it ran on. */
  cpu: { gateway: number; gatewayWhere: string; others: number; machine: number; cores: number };
  /** `mostLockWaits`: the sample with the most sessions blocked on locks. */
  connections: { idle: Connections; peak: Connections; mostLockWaits: Connections };
}

interface Latency {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function latency(...parts: Float64Array[]): Latency {
  const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    all.set(part, offset);
    offset += part.length;
  }
  // A typed array sorts numerically and fast; percentile() then finds it already in order.
  const sorted = Array.from(all.sort());
  return {
    n: sorted.length,
    min: sorted[0] ?? Number.NaN,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export function mergeKinds(parts: readonly KindResult[]): KindResult {
  const concat = (pick: (k: KindResult) => Float64Array): Float64Array => {
    const out = new Float64Array(parts.reduce((n, p) => n + pick(p).length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(pick(part), offset);
      offset += pick(part).length;
    }
    return out;
  };
  const sum = (pick: (k: KindResult) => number): number => parts.reduce((n, p) => n + pick(p), 0);
  return {
    subscribers: sum((k) => k.subscribers),
    expected: sum((k) => k.expected),
    received: sum((k) => k.received),
    lost: sum((k) => k.lost),
    subscribersWithLoss: sum((k) => k.subscribersWithLoss),
    duplicates: sum((k) => k.duplicates),
    unexpected: sum((k) => k.unexpected),
    fromCommit: concat((k) => k.fromCommit),
    fromResponse: concat((k) => k.fromResponse),
    fromSend: concat((k) => k.fromSend),
  };
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

export function buildFigures(m: Measurements): { figures: Figure[]; notes: string[] } {
  const { leaderboard, team } = m.byKind;
  const all = latency(leaderboard.fromCommit, team.fromCommit);
  const board = latency(leaderboard.fromCommit);
  const members = latency(team.fromCommit);
  const afterResponse = latency(leaderboard.fromResponse, team.fromResponse);
  const upper = latency(leaderboard.fromSend, team.fromSend);
  const roundTrip = latency(Float64Array.from(m.roundTrips));
  const answered = latency(Float64Array.from(m.responseAfterWitness));
  const spreadOf = latency(Float64Array.from(m.fanoutSpread));
  const witnessFirst = answered.n ? m.responseAfterWitness.filter((d) => d > 0).length / answered.n : 0;
  const subscribers = leaderboard.subscribers + team.subscribers;
  const expected = leaderboard.expected + team.expected;
  const received = leaderboard.received + team.received;
  const lost = leaderboard.lost + team.lost;
  const duplicates = leaderboard.duplicates + team.duplicates;
  const met = all.p50 <= GOAL_P50_MS && all.p95 <= GOAL_P95_MS;
  const load = `${m.pushes} pushes at ${m.perSecond}/s from ${m.pushers} devices`;
  const spread = (l: Latency): string => `p99 ${ms(l.p99)}, min ${ms(l.min)}, max ${ms(l.max)}`;

  const figures: Figure[] = [
    {
      bench: BENCH,
      name: `commit → received, ${subscribers} subscribers`,
      unit: 'ms',
      median: all.p50,
      p95: all.p95,
      goal: `p50 ≤ ${GOAL_P50_MS} ms, p95 ≤ ${GOAL_P95_MS} ms`,
      met,
      note:
        `${spread(all)} over ${all.n} receipts (${load}); ${METHOD} (a subscriber was first for ` +
        `${m.subscriberFirst} of ${m.pushes} pushes). For reference, ${SUPABASE_REFERENCE}`,
    },
    {
      bench: BENCH,
      name: 'commit → received, p99 (in the median column)',
      unit: 'ms',
      median: all.p99,
    },
    {
      bench: BENCH,
      name: `  leaderboard, ${leaderboard.subscribers} public subscribers`,
      unit: 'ms',
      median: board.p50,
      p95: board.p95,
      note: `player_stats; ${spread(board)}`,
    },
    {
      bench: BENCH,
      name: `  team:<id>, ${team.subscribers} private subscribers (RLS)`,
      unit: 'ms',
      median: members.p50,
      p95: members.p95,
      note: `member_stats, each device with its own access token; ${spread(members)}`,
    },
    {
      bench: BENCH,
      name: 'one push, first → last subscriber reached',
      unit: 'ms',
      median: spreadOf.p50,
      p95: spreadOf.p95,
      note:
        `p99 ${ms(spreadOf.p99)}; the gateway writes each frame to ${subscribers} sockets one after ` +
        `another on one thread, and the subscriber processes then read them on the same cores`,
    },
    {
      bench: BENCH,
      name: 'push response → received',
      unit: 'ms',
      median: afterResponse.p50,
      p95: afterResponse.p95,
      note:
        `${spread(afterResponse)}; the response follows the commit, but the gateway answers the ` +
        `push on the thread that also fans out, so it may arrive after the broadcast: witness → push ` +
        `response p50 ${ms(answered.p50)}, p95 ${ms(answered.p95)}, witness first for ` +
        `${(100 * witnessFirst).toFixed(0)}% of pushes`,
    },
    {
      bench: BENCH,
      name: 'push request sent → received (upper bound)',
      unit: 'ms',
      median: upper.p50,
      p95: upper.p95,
      note: `includes the whole sync_progress call before its commit; p99 ${ms(upper.p99)}`,
    },
    {
      bench: BENCH,
      name: 'sync_progress round trip at the pusher',
      unit: 'ms',
      median: roundTrip.p50,
      p95: roundTrip.p95,
      note:
        `p99 ${ms(roundTrip.p99)}; pushes started late (device still busy): ${m.latePushes}; ` +
        `server errors retried: ${m.retried.length}${m.retried.length ? ` (first: ${m.retried[0]})` : ''}`,
    },
    {
      bench: BENCH,
      name: 'messages lost',
      unit: 'msgs',
      median: lost,
      goal: '0 lost',
      met: lost === 0,
      note:
        `expected ${expected} (${subscribers} subscribers × ${m.pushes} pushes), received ${received}; ` +
        `subscribers with a loss: ${leaderboard.subscribersWithLoss + team.subscribersWithLoss}; ` +
        `duplicates ${duplicates}; stray events ${leaderboard.unexpected + team.unexpected}; ` +
        `subscribers that never joined: ${m.joinFailures}; pushes the witness missed: ${m.witnessMissed}`,
    },
    {
      bench: BENCH,
      name: 'gateway RSS idle (before subscribers)',
      unit: 'MiB',
      median: m.rss.idle,
    },
    {
      bench: BENCH,
      name: `gateway RSS under load (${subscribers} subscribers, peak)`,
      unit: 'MiB',
      median: m.rss.peak,
      baseline: { name: 'idle', median: m.rss.idle },
      ratio: m.rss.peak / m.rss.idle,
      note:
        `${m.rss.connected.toFixed(1)} MiB once all had joined, before pushes: ` +
        `${(((m.rss.connected - m.rss.idle) * 1024) / subscribers).toFixed(0)} KiB per subscriber`,
    },
    {
      bench: BENCH,
      name: 'gateway CPU during the pushes',
      unit: 'cores',
      median: m.cpu.gateway,
      note: m.cpu.gatewayWhere,
    },
    {
      bench: BENCH,
      name: 'CPU taken by other processes meanwhile',
      unit: 'cores',
      median: m.cpu.others,
      note:
        `the machine was busy on ${m.cpu.machine.toFixed(2)} of ${m.cpu.cores} cores; work outside ` +
        `this benchmark competes with the gateway and inflates the latencies above`,
    },
    {
      bench: BENCH,
      name: 'PostgreSQL connections idle',
      unit: 'conns',
      median: m.connections.idle.total,
      note: m.connections.idle.detail,
    },
    {
      bench: BENCH,
      name: 'PostgreSQL connections under load (peak)',
      unit: 'conns',
      median: m.connections.peak.total,
      baseline: { name: 'idle', median: m.connections.idle.total },
      note:
        `${m.connections.peak.detail}; at most ${m.connections.mostLockWaits.waitingOnLocks} ` +
        `sessions waiting on a lock at once (${m.connections.mostLockWaits.detail})`,
    },
  ];
  const notes = figures.filter((f) => f.note).map((f) => `- ${f.name.trim()}: ${f.note}`);
  return { figures, notes };
}

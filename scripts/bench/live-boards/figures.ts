import type { Figure } from '../lib/report.ts';
import { median, percentile } from '../lib/stats.ts';
import type { DesignResult } from './design-run.ts';

// The live-boards figures, each new-design figure beside the old design's where both exist, and the
// notes printed under the table.

export const BENCH = 'live-boards';
export const GOALS = { messagesPerSecond: 1, boardP95Ms: 1500, myStatsP95Ms: 1000 } as const;

// A percentile of no samples is NaN: say so instead of printing it.
const ms = (n: number) => (Number.isNaN(n) ? 'not timed' : `${n.toFixed(0)} ms`);
const sorted = (a: Float64Array) => Array.from(a).sort((x, y) => x - y);

export interface Run {
  pushesPerSecond: number;
  old: DesignResult | null;
  oldError: string | null;
  new: DesignResult | null;
  newError: string | null;
}

function load(d: DesignResult): string {
  const seconds = (d.window.to - d.window.from) / 1000;
  return (
    `${d.pushes} pushes in ${seconds.toFixed(1)} s (${(d.pushes / seconds).toFixed(0)}/s served, ${d.latePushes} started late, ` +
    `${d.retried} retried; sent → answered p50 ${ms(d.roundTrip.p50)}, p95 ${ms(d.roundTrip.p95)}), ${d.joined}/${d.viewers} viewers joined`
  );
}

export function buildFigures(run: Run): { figures: Figure[]; notes: string[] } {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const { old, new: now } = run;
  const oldRate = old ? median(old.viewed.rates) : Number.NaN;
  if (run.oldError) notes.push(`old design not measured: ${run.oldError}`);
  if (run.newError) notes.push(`new design not measured: ${run.newError}`);
  if (old) notes.push(`old design: ${load(old)}; viewers on the public topic: ${old.viewed.rates.length}`);

  if (now) {
    const rates = now.viewed.rates;
    const seconds = (now.window.to - now.window.from) / 1000;
    // A viewer may see one message more than whole seconds in the window when the window's edges fall
    // just after one message and just before another.
    const slack = GOALS.messagesPerSecond + 1 / seconds;
    figures.push({
      bench: BENCH,
      name: `board messages per viewer per second, ${rates.length} viewers, ${run.pushesPerSecond} pushes/s offered`,
      unit: 'msg/s',
      median: median(rates),
      p95: percentile(rates, 95),
      ...(old ? { baseline: { name: 'old design', median: oldRate }, ratio: median(rates) / oldRate } : {}),
      goal: `≤ ${GOALS.messagesPerSecond}/s`,
      met: percentile(rates, 95) <= slack,
      note:
        `${load(now)}; max ${Math.max(...rates).toFixed(2)}/s, shortest gap between two messages ${ms(now.viewed.shortestGapMs)}; ` +
        `flush by the ${now.flushBy}${now.flushFailures.count ? ` (${now.flushFailures.count} failed: ${now.flushFailures.first})` : ''}. ` +
        (old
          ? `Old design: public leaderboard, one player_stats event per changed player, measured on ${old.viewed.rates.length} viewers (each receives every event, so the per-viewer rate does not depend on how many watch).`
          : 'Old design not measured in this run.'),
    });
    // Realtime counts every delivery as an event, plus the broadcast itself (src/realtime/limits.ts).
    const boardEvents = rates.reduce((a, b) => a + b, 0) + median(rates);
    const oldEvents = old ? oldRate * (rates.length + 1) : Number.NaN;
    notes.push(
      `Realtime quota use with ${rates.length} viewers: about ${boardEvents.toFixed(0)} events/s for the board messages` +
        (old
          ? `, against ${oldEvents.toFixed(0)} events/s for the old design's per-push events at its measured rate`
          : '') +
        "; Supabase's Pro plan allows 500 events/s and 500 concurrent users, Team 2,500 and 10,000 (the stacks here run with the quotas raised).",
    );
    const visible = sorted(now.viewed.visibleAfterMs);
    const fromFlush = sorted(now.viewed.fromFlushMs);
    const fromCommit = sorted(now.viewed.fromCommitMs);
    const flushing = [...now.flushMs].sort((x, y) => x - y);
    figures.push({
      bench: BENCH,
      name: 'top-100 change visible on every viewer (push committed → board)',
      unit: 'ms',
      median: percentile(visible, 50),
      p95: percentile(visible, 95),
      goal: `p95 ≤ ${GOALS.boardP95Ms} ms`,
      met: visible.length > 0 && percentile(visible, 95) <= GOALS.boardP95Ms && now.viewed.notCaughtUp === 0,
      note:
        `${visible.length} (push, viewer) samples over ${now.viewed.pushesShown} pushes that reached the all-time top 100; ` +
        `p99 ${ms(percentile(visible, 99))}, max ${ms(visible.at(-1) ?? Number.NaN)}; ${now.viewed.notCaughtUp} pairs never caught up. ` +
        'From the push (its answer, or the commit witness where earlier) to the viewer holding the first board message ' +
        `that shows it or a later one. Of which a message's flush start (its \`at\`) → received: p50 ${ms(percentile(fromFlush, 50))}, ` +
        `p95 ${ms(percentile(fromFlush, 95))}, made of the flush (start → commit seen by the witness: p50 ${ms(percentile(flushing, 50))}, ` +
        `p95 ${ms(percentile(flushing, 95))} over the ${flushing.length} messages whose NOTIFY carried the payload, ` +
        'the larger ones are read back by id and not timed) and the delivery (commit → received: p50 ' +
        `${ms(percentile(fromCommit, 50))}, p95 ${ms(percentile(fromCommit, 95))}); the rest is the wait for the next flush (≤ 1 s at one a second).`,
    });
    const mine = sorted(now.viewed.meAfterMs);
    figures.push({
      bench: BENCH,
      name: "own my_stats on the player's other device (push committed → received)",
      unit: 'ms',
      median: percentile(mine, 50),
      p95: percentile(mine, 95),
      goal: `p95 ≤ ${GOALS.myStatsP95Ms} ms`,
      met: mine.length > 0 && percentile(mine, 95) <= GOALS.myStatsP95Ms && now.viewed.meMissing === 0,
      note:
        `${mine.length} receipts, ${now.viewed.meMissing} missing; p99 ${ms(percentile(mine, 99))}; commit = the earlier of the ` +
        "push's answer and the commit witness (a LISTEN session of its own) seeing the broadcast",
    });
    const v = now.viewed;
    figures.push({
      bench: BENCH,
      name: 'viewers whose boards equal get_leaderboard() after the last flush',
      unit: 'viewers',
      median: v.boardsEqual,
      baseline: { name: 'viewers holding a board', median: v.boardsCompared },
      ratio: v.boardsCompared ? v.boardsEqual / v.boardsCompared : Number.NaN,
      goal: 'all',
      met: v.boardsCompared === rates.length && v.boardsEqual === v.boardsCompared,
      note:
        `both boards, every row and field; ${v.refetches} refetches after a gap, ${v.loadFailures} failed loads` +
        `${v.loadFailureSamples.length ? ` (${v.loadFailureSamples.join(' | ')})` : ''}; newest seq applied ${v.lastSeq}, get_live_board seq ${now.liveBoardSeq}` +
        (v.differences.length ? `; first differences: ${v.differences.join(' || ')}` : ''),
    });
    if (now.breathing) {
      const seen = v.breathingNow.map(([value, n]) => `${value} on ${n} viewers`).join(', ');
      figures.push({
        bench: BENCH,
        name: 'breathing now after the load (get_live_board)',
        unit: 'devices',
        median: now.breathing.liveBoard,
        baseline: { name: 'devices breathing', median: now.breathing.truth },
        ratio: now.breathing.liveBoard / now.breathing.truth,
        goal: '= devices breathing',
        met:
          now.breathing.liveBoard === now.breathing.truth &&
          v.breathingNow.every(([value]) => value === now.breathing?.truth),
        note: `set_breathing(true) from some devices as the load started, false from some of them halfway; viewers' last stats: ${seen}`,
      });
    }
  }
  if (old && now) {
    figures.push({
      bench: BENCH,
      name: 'sync_progress pushes/s, 200 devices back to back, below the top 100',
      unit: 'pushes/s',
      median: now.throughput.median,
      p95: percentile(now.throughput.rates, 95),
      baseline: { name: 'old design', median: old.throughput.median },
      ratio: now.throughput.median / old.throughput.median,
      note:
        `per round, new: ${now.throughput.rates.map((r) => r.toFixed(0)).join(', ')}; old: ${old.throughput.rates.map((r) => r.toFixed(0)).join(', ')}; ` +
        `errors new ${now.throughput.errors}, old ${old.throughput.errors}${now.throughput.firstError ? ` (${now.throughput.firstError})` : ''}; ` +
        'both stacks hold the seeded board and run at once, rounds alternating between them; new: the flush running every second.',
    });
  } else if (old) {
    figures.push({
      bench: BENCH,
      name: 'old design: player_stats messages per viewer per second',
      unit: 'msg/s',
      median: oldRate,
      p95: percentile(old.viewed.rates, 95),
      note: load(old),
    });
    figures.push({
      bench: BENCH,
      name: 'old design: sync_progress pushes/s, 200 devices back to back',
      unit: 'pushes/s',
      median: old.throughput.median,
    });
  }
  for (const f of figures) if (f.note) notes.push(`${f.name}: ${f.note}`);
  for (const d of [old, now]) {
    if (d === null) continue;
    notes.push(
      `CPU during the ${d.design} design's load (cores; the machine is shared, other work included): ${d.cpu.lines.join('; ')}`,
    );
  }
  return { figures, notes };
}

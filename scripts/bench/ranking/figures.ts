import type { Figure } from '../lib/report.ts';
import { median, summarize } from '../lib/stats.ts';
import type { Scope } from './calls.ts';
import type { Sanity } from './explain.ts';
import { positionMedians, type Series, worstPositionMedian } from './measure.ts';
import type { SeedTiming } from './seed.ts';

// The product's goals for my-rank, held at a million players: fast in absolute terms from any rank, and
// far cheaper than ranking everyone.
export const GOALS = { atPlayers: 1_000_000, myRankMs: 5, speedup: 100 } as const;

const count = (n: number) => n.toLocaleString('en-US');
const sizeLabel = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

export interface MyRankGoal {
  label: string;
  worstMs: number;
  ratio: number;
  fastMet: boolean;
  ratioMet: boolean;
}

export function myRankFigure(
  bench: string,
  players: number,
  scope: Scope,
  boardSize: number,
  series: Series,
  sanity: Sanity,
): { figure: Figure; goal: MyRankGoal | null } {
  const ours = summarize(series.ours);
  const naive = median(series.naive);
  const ratio = naive / ours.median;
  const worstMs = worstPositionMedian(series);
  const held = players === GOALS.atPlayers;
  const fastMet = worstMs < GOALS.myRankMs;
  const ratioMet = ratio >= GOALS.speedup;
  const label = `get_my_rank('${scope}'), ${sizeLabel(players)} players`;
  const figure: Figure = {
    bench,
    name: label,
    unit: 'ms',
    median: ours.median,
    p95: ours.p95,
    baseline: { name: 'naive dense_rank() over the board', median: naive },
    ratio,
    note:
      `${count(boardSize)} on the board; ${ours.n} calls as devices at rank positions (medians: ${positionMedians(series)} ms), ` +
      `${series.naive.length} naive queries (p95 ${summarize(series.naive).p95.toFixed(0)} ms) for the median player. ` +
      `${sanityNote(sanity)}.`,
  };
  if (!held) return { figure, goal: null };
  figure.goal = `< ${GOALS.myRankMs} ms at every position, ≥ ${GOALS.speedup}× naive`;
  figure.met = fastMet && ratioMet;
  return { figure, goal: { label, worstMs, ratio, fastMet, ratioMet } };
}

function sanityNote(s: Sanity): string {
  return `EXPLAIN ANALYZE from the bottom player: ${s.oursPages} pages touched vs ${s.naivePages} naive, whose window function ranks ${count(s.naiveWindowRows)} rows`;
}

export function top100Figure(
  bench: string,
  players: number,
  scope: Scope,
  boardSize: number,
  series: Series,
): Figure {
  const ours = summarize(series.ours);
  const naive = median(series.naive);
  return {
    bench,
    name: `get_leaderboard('${scope}', null, 100), ${sizeLabel(players)} players`,
    unit: 'ms',
    median: ours.median,
    p95: ours.p95,
    baseline: { name: 'naive rank() over the board, first 100', median: naive },
    ratio: naive / ours.median,
    note:
      `${count(boardSize)} on the board; ${ours.n} calls as devices, ${series.naive.length} naive queries. ` +
      'get_leaderboard reads the first 100 entries of the partial score index and ranks only those.',
  };
}

export function seedFigure(bench: string, from: number, to: number, timing: SeedTiming): Figure {
  const total = timing.rowsSeconds + timing.bucketsSeconds + timing.vacuumSeconds;
  return {
    bench,
    name: `seed ${count(from)} → ${count(to)} players`,
    unit: 's',
    median: total,
    note:
      `one run: rows ${timing.rowsSeconds.toFixed(1)} s (auth.users, players, player_devices, player_stats via generate_series), ` +
      `histogram ${timing.bucketsSeconds.toFixed(1)} s, vacuum analyze ${timing.vacuumSeconds.toFixed(1)} s`,
  };
}

import type { Figure } from '../lib/report.ts';
import { median, percentile, summarize } from '../lib/stats.ts';
import type { CpuUse } from './procs.ts';
import type { Target } from './protocol.ts';

// Turns the rounds' samples into the report's figures and holds them against the product's goals.

export const GOALS = { pushesPerSecond: 1500, atDevices: 200, p95Ms: 25, maxCostRatio: 1.3 } as const;

export class Samples {
  /** Pushes per second, one per round. */
  readonly rates: number[] = [];
  /** Every measured push of every round. */
  readonly latenciesMs: number[] = [];
  /** p95 latency of each round, for the progress lines. */
  readonly roundP95: number[] = [];
  readonly cpu: CpuUse[] = [];
}

export interface Phase {
  label: string;
  devices: number;
  /** Open loop at this rate; absent for back-to-back pushes. */
  ratePerSecond?: number;
  samples: Record<Target, Samples>;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

function cpuNote(cpu: readonly CpuUse[]): string {
  const m = (pick: (c: CpuUse) => number) => median(cpu.map(pick)).toFixed(0);
  return `gateway ${m((c) => c.gateway)}%, PostgreSQL ${m((c) => c.postgres)}%, load generator ${m((c) => c.loader)}%, whole machine ${m((c) => c.machine)}%`;
}

function latency(s: Samples) {
  return {
    p50: percentile(s.latenciesMs, 50),
    p95: percentile(s.latenciesMs, 95),
    p99: percentile(s.latenciesMs, 99),
  };
}

export function phaseFigures(bench: string, phase: Phase, placement: string): Figure[] {
  const gw = phase.samples.gateway;
  const direct = phase.samples.direct;
  const rate = summarize(gw.rates);
  const directRate = summarize(direct.rates);
  const lat = latency(gw);
  const directLat = latency(direct);
  const rateRatio = rate.median / directRate.median;
  const p95Ratio = lat.p95 / directLat.p95;
  const cpu = `CPU in % of one core (medians of rounds), through the gateway: ${cpuNote(gw.cpu)}; direct: ${cpuNote(direct.cpu)}. ${placement}`;

  if (phase.ratePerSecond !== undefined) {
    const atGoalRate = phase.ratePerSecond === GOALS.pushesPerSecond;
    const costMet = p95Ratio <= GOALS.maxCostRatio;
    const overloaded =
      rate.median < 0.95 * phase.ratePerSecond
        ? `Overloaded: served ${rate.median.toFixed(0)}/s of ${phase.ratePerSecond}/s offered, so the backlog and the latency grow through each round. `
        : '';
    return [
      {
        bench,
        name: `push latency, ${phase.ratePerSecond} pushes/s offered by ${phase.devices} devices`,
        unit: 'ms',
        median: lat.p50,
        p95: lat.p95,
        baseline: { name: 'direct p95', median: directLat.p95 },
        ratio: p95Ratio,
        goal: atGoalRate
          ? `p95 < ${GOALS.p95Ms} ms, ≤ ${GOALS.maxCostRatio}× direct`
          : `≤ ${GOALS.maxCostRatio}× direct`,
        met: atGoalRate ? lat.p95 < GOALS.p95Ms && costMet : costMet,
        note: `${overloaded}Open loop (Poisson arrivals, latency from the scheduled arrival). p99 ${ms(lat.p99)}; served ${rate.median.toFixed(0)}/s (direct ${directRate.median.toFixed(0)}/s); direct p50 ${ms(directLat.p50)}, p99 ${ms(directLat.p99)}. ${cpu}`,
      },
    ];
  }

  const rateGoalHere = phase.devices === GOALS.atDevices;
  const costMet = rateRatio >= 1 / GOALS.maxCostRatio;
  return [
    {
      bench,
      name: `pushes/s, ${phase.devices} devices back to back`,
      unit: 'pushes/s',
      median: rate.median,
      p95: rate.p95,
      baseline: { name: `direct pg.Pool`, median: directRate.median },
      ratio: rateRatio,
      goal: rateGoalHere
        ? `≥ ${GOALS.pushesPerSecond}/s, ≥ direct ÷ ${GOALS.maxCostRatio}`
        : `≥ direct ÷ ${GOALS.maxCostRatio}`,
      met: rateGoalHere ? rate.median >= GOALS.pushesPerSecond && costMet : costMet,
      note: `Closed loop, ${gw.rates.length} rounds (p95 column: over rounds). ${cpu}`,
    },
    {
      bench,
      name: `push latency, ${phase.devices} devices back to back`,
      unit: 'ms',
      median: lat.p50,
      p95: lat.p95,
      baseline: { name: 'direct p95', median: directLat.p95 },
      ratio: p95Ratio,
      note: `p99 ${ms(lat.p99)}; direct p50 ${ms(directLat.p50)}, p99 ${ms(directLat.p99)}. Back to back, latency is queueing for the pool (≈ devices ÷ pushes/s), so the p95 goal is held at a fixed offered rate instead.`,
    },
  ];
}

/** One progress line for a round of both targets. */
export function roundLine(phase: Phase): string {
  const part = (target: Target) => {
    const s = phase.samples[target];
    const rate = s.rates.at(-1) ?? Number.NaN;
    const cpu = s.cpu.at(-1);
    const cpuText = cpu
      ? ` (CPU gw ${cpu.gateway.toFixed(0)}%, pg ${cpu.postgres.toFixed(0)}%, load ${cpu.loader.toFixed(0)}%, machine ${cpu.machine.toFixed(0)}%)`
      : '';
    return `${target} ${rate.toFixed(0)}/s p95 ${ms(s.roundP95.at(-1) ?? Number.NaN)}${cpuText}`;
  };
  return `${part('gateway')} | ${part('direct')}`;
}

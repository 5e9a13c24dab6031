import type pg from 'pg';
import { median } from '../lib/stats.ts';
import { asDevice, type Probe, timed } from './calls.ts';

// Timed series of one RPC (called from several devices in turn) against its naive query, interleaved in
// rounds so that drift on a shared machine hits both alike.

export interface Series {
  /** Every timed RPC call. */
  ours: number[];
  /** The RPC's calls per probe position. */
  byPosition: Map<Probe['position'], number[]>;
  naive: number[];
}

export interface Plan {
  probes: readonly Probe[];
  sql: string;
  params: unknown[];
  naiveSql: string;
  /** Naive parameters for a probe. */
  naiveParams: (probe: Probe) => unknown[];
  /** Timed RPC calls in all (spread over the probes and rounds). */
  calls: number;
  /** Timed naive queries, one per round. */
  naiveCalls: number;
  warmup: number;
}

export async function measure(client: pg.ClientBase, plan: Plan): Promise<Series> {
  const { probes } = plan;
  const series: Series = { ours: [], byPosition: new Map(), naive: [] };
  const call = (probe: Probe) => asDevice(client, probe.deviceId, plan.sql, plan.params);
  const naiveProbe = probes.find((p) => p.position === 'median') ?? probes[0];
  if (!naiveProbe) throw new Error('no probe');
  for (let i = 0; i < plan.warmup; i++) for (const probe of probes) await call(probe);
  await timed(client, plan.naiveSql, plan.naiveParams(naiveProbe));

  const perRound = Math.ceil(plan.calls / plan.naiveCalls);
  let made = 0;
  for (let round = 0; round < plan.naiveCalls; round++) {
    for (let i = 0; i < perRound && made < plan.calls; i++, made++) {
      const probe = probes[made % probes.length] as Probe;
      const { ms } = await call(probe);
      series.ours.push(ms);
      const list = series.byPosition.get(probe.position) ?? [];
      list.push(ms);
      series.byPosition.set(probe.position, list);
    }
    series.naive.push((await timed(client, plan.naiveSql, plan.naiveParams(naiveProbe))).ms);
  }
  return series;
}

export const positionMedians = (series: Series): string =>
  [...series.byPosition].map(([position, ms]) => `${position} ${median(ms).toFixed(2)}`).join(', ');

export const worstPositionMedian = (series: Series): number =>
  Math.max(...[...series.byPosition.values()].map((ms) => median(ms)));

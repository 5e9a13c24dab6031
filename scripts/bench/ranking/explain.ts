import type pg from 'pg';
import { asDevice, MY_RANK_SQL, naiveMyRankSql, type Probe, type Scope } from './calls.ts';

// A sanity check on what the timings claim, from EXPLAIN (ANALYZE, BUFFERS): how many 8 KiB pages each side
// touches, and how many rows the naive query pushes through its window function. The RPC's figure includes
// the statements inside it (buffer counts are taken around the node that calls the function).

interface PlanNode {
  'Node Type': string;
  'Actual Rows'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

interface Explained {
  Plan: PlanNode;
  'Execution Time': number;
}

function find(node: PlanNode, type: string): PlanNode | undefined {
  if (node['Node Type'] === type) return node;
  for (const child of node.Plans ?? []) {
    const hit = find(child, type);
    if (hit) return hit;
  }
  return undefined;
}

const pages = (node: PlanNode) => (node['Shared Hit Blocks'] ?? 0) + (node['Shared Read Blocks'] ?? 0);

export interface Sanity {
  oursMs: number;
  oursPages: number;
  naiveMs: number;
  naivePages: number;
  naiveWindowRows: number;
}

export async function explainMyRank(client: pg.ClientBase, scope: Scope, probe: Probe): Promise<Sanity> {
  const prefix = 'explain (analyze, buffers, format json) ';
  const ours = await asDevice<{ 'QUERY PLAN': Explained[] }>(client, probe.deviceId, prefix + MY_RANK_SQL, [
    scope,
  ]);
  const naive = await client.query<{ 'QUERY PLAN': Explained[] }>(prefix + naiveMyRankSql(scope), [
    probe.playerId,
  ]);
  const o = ours.rows[0]?.['QUERY PLAN'][0];
  const n = naive.rows[0]?.['QUERY PLAN'][0];
  if (!o || !n) throw new Error('EXPLAIN returned no plan');
  return {
    oursMs: o['Execution Time'],
    oursPages: pages(o.Plan),
    naiveMs: n['Execution Time'],
    naivePages: pages(n.Plan),
    naiveWindowRows: find(n.Plan, 'WindowAgg')?.['Actual Rows'] ?? Number.NaN,
  };
}

export const sanityLine = (s: Sanity): string =>
  `EXPLAIN ANALYZE: RPC ${s.oursMs.toFixed(2)} ms, ${s.oursPages} pages; naive ${s.naiveMs.toFixed(0)} ms, ` +
  `${s.naivePages} pages, ${s.naiveWindowRows} rows through its window function`;

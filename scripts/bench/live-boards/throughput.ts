import { authenticatorUrl } from '@breath-master/devstack';
import { median } from '../lib/stats.ts';
import { LoaderProcess } from '../sync-throughput/loader-process.ts';
import { captureSupabaseRequests } from '../sync-throughput/wire.ts';

// sync_progress pushes/s through the gateway with 200 devices back to back, as sync-throughput.ts
// measures it (its load generator in a process of its own, raw HTTP as supabase-js sends it), on
// stacks holding the benchmark's seeded board. The devices are new players with 30 days of modest
// counters, so every push lands well below the top 100: the cost measured is what each push pays
// for the live boards, not a board change. Both designs' stacks run at once and their rounds
// alternate (old, new, new, old, …), so that a shared machine's changing load hits both alike.

export const THROUGHPUT_DEVICES = 200;
const POOL_MAX = 10;

export interface Throughput {
  /** Pushes per second, one per round. */
  rates: number[];
  median: number;
  errors: number;
  firstError: string | null;
}

interface Target {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
}

async function startLoader(stack: Target, today: string): Promise<LoaderProcess> {
  const wire = await captureSupabaseRequests(stack.anonKey, { days: [], today, device_kind: 'vscode' });
  // Not pinned: the stacks run in other processes here, and the cores are shared anyway. An
  // interrupted benchmark takes it along (it leaves when its parent goes away).
  const loader = new LoaderProcess(null);
  try {
    await loader.request(
      {
        type: 'setup',
        apiUrl: stack.apiUrl,
        authenticatorUrl: authenticatorUrl(stack.dbUrl),
        poolMax: POOL_MAX,
        devices: THROUGHPUT_DEVICES,
        today,
        signup: wire.signup,
        rpc: wire.rpc,
      },
      'ready',
    );
    return loader;
  } catch (error) {
    await loader.stop();
    throw error;
  }
}

/** Round r runs the stacks in order when r is even, in reverse when odd. */
export function roundOrder<K>(keys: readonly K[], round: number): K[] {
  return round % 2 === 0 ? [...keys] : [...keys].reverse();
}

export async function measureThroughput<K extends string>(
  stacks: Partial<Record<K, Target>>,
  opts: { rounds: number; rampMs: number; measureMs: number; today: string },
  progress: (line: string) => void,
): Promise<Partial<Record<K, Throughput>>> {
  const keys = Object.keys(stacks) as K[];
  const loaders = new Map<K, LoaderProcess>();
  const out: Partial<Record<K, Throughput>> = {};
  try {
    for (const key of keys) loaders.set(key, await startLoader(stacks[key] as Target, opts.today));
    for (const key of keys) out[key] = { rates: [], median: Number.NaN, errors: 0, firstError: null };
    for (let round = 0; round < opts.rounds; round++) {
      for (const key of roundOrder(keys, round)) {
        const result = await (loaders.get(key) as LoaderProcess).request(
          {
            type: 'round',
            target: 'gateway',
            devices: THROUGHPUT_DEVICES,
            rampMs: opts.rampMs,
            measureMs: opts.measureMs,
          },
          'result',
        );
        const t = out[key] as Throughput;
        t.rates.push(result.pushes / result.seconds);
        t.errors += result.errors;
        t.firstError ??= result.firstError;
      }
      progress(
        `  round ${round + 1}/${opts.rounds}: ` +
          keys.map((k) => `${k} ${(out[k] as Throughput).rates.at(-1)?.toFixed(0)}/s`).join(', '),
      );
    }
    for (const key of keys) {
      const t = out[key] as Throughput;
      t.median = median(t.rates);
    }
    return out;
  } finally {
    await Promise.all([...loaders.values()].map((l) => l.stop()));
  }
}

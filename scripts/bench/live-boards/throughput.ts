import { authenticatorUrl } from '@breath-master/devstack';
import { median } from '../lib/stats.ts';
import { LoaderProcess } from '../sync-throughput/loader-process.ts';
import { captureSupabaseRequests } from '../sync-throughput/wire.ts';

// sync_progress pushes/s through the gateway with 200 devices back to back, as sync-throughput.ts
// measures it (its load generator in a process of its own, raw HTTP as supabase-js sends it), on a
// stack holding the benchmark's seeded board. The devices are new players with 30 days of modest
// counters, so every push lands well below the top 100: the cost measured is what each push pays
// for the live boards, not a board change.

export const THROUGHPUT_DEVICES = 200;
const POOL_MAX = 10;

export interface Throughput {
  /** Pushes per second, one per round. */
  rates: number[];
  median: number;
  errors: number;
  firstError: string | null;
}

export async function measureThroughput(
  stack: { apiUrl: string; dbUrl: string; anonKey: string },
  opts: { rounds: number; rampMs: number; measureMs: number; today: string },
): Promise<Throughput> {
  const wire = await captureSupabaseRequests(stack.anonKey, {
    days: [],
    today: opts.today,
    device_kind: 'vscode',
  });
  // Not pinned: the stack runs in another process here, and the cores are shared anyway. An
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
        today: opts.today,
        signup: wire.signup,
        rpc: wire.rpc,
      },
      'ready',
    );
    const rates: number[] = [];
    let errors = 0;
    let firstError: string | null = null;
    for (let round = 0; round < opts.rounds; round++) {
      const result = await loader.request(
        {
          type: 'round',
          target: 'gateway',
          devices: THROUGHPUT_DEVICES,
          rampMs: opts.rampMs,
          measureMs: opts.measureMs,
        },
        'result',
      );
      rates.push(result.pushes / result.seconds);
      errors += result.errors;
      firstError ??= result.firstError;
    }
    return { rates, median: median(rates), errors, firstError };
  } finally {
    await loader.stop();
  }
}

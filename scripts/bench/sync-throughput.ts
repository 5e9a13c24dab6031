// sync_progress under load: pushes of 30 days of counters from 50, 200 and 1,000 simulated devices
// through the devstack gateway (HTTP, as supabase-js sends them, each device with its own anonymous
// user and connection), against the same function called straight over a pg.Pool of the gateway's
// size. Runnable alone:
//   npx tsx scripts/bench/sync-throughput.ts [--quick]      (or BENCH_QUICK=1)
// Back to back (each device pushes again on its answer) gives the most pushes per second; its latency
// is then mostly queueing (Little's law: devices ÷ pushes/s, 133 ms for 200 devices at 1,500/s), so
// the latency goal is held in open loop, at 1,500 pushes/s offered by 200 devices, and at a light
// load where latency is the cost of one push.
// This process hosts the stack; the load generator is a child process. With two cores the gateway
// is pinned to core 0 and the load generator to core 1, PostgreSQL floats. Rounds alternate between
// the gateway and the direct baseline so drift on a shared machine hits both alike.
import { authenticatorUrl, type Devstack, startTestStack } from '@breath-master/devstack';
import { type Figure, printFigures, recordFigures } from './lib/report.ts';
import { percentile } from './lib/stats.ts';
import { GOALS, type Phase, phaseFigures, roundLine, Samples } from './sync-throughput/figures.ts';
import { LoaderProcess } from './sync-throughput/loader-process.ts';
import { allowedCores, canPin, ProcessWatch, pinToCore, type Snapshot } from './sync-throughput/procs.ts';
import type { Round, Target } from './sync-throughput/protocol.ts';
import { captureSupabaseRequests } from './sync-throughput/wire.ts';

const BENCH = 'sync-throughput';
const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const DEVICE_COUNTS = [50, 200, 1000] as const;
/** The gateway's authenticator pool (GatewayOptions.poolMax, 10 by default), set explicitly so both sides match. */
const POOL_MAX = 10;
const TIMING = QUICK
  ? { rounds: 1, rampMs: 500, measureMs: 1000, warmup: null }
  : { rounds: 3, rampMs: 1000, measureMs: 3000, warmup: { rampMs: 500, measureMs: 500 } };
/** Well below saturation, where latency is the cost of a push rather than time queued for the pool. */
const LIGHT_RATE = 200;
/** Failed pushes beyond this share of a round mean the benchmark, not the system, is broken. */
const MAX_ERROR_SHARE = 0.01;
const SAMPLE_EVERY_MS = 250;

interface Run {
  loader: LoaderProcess;
  watch: ProcessWatch;
}

function newPhase(label: string, devices: number, ratePerSecond?: number): Phase {
  return { label, devices, ratePerSecond, samples: { gateway: new Samples(), direct: new Samples() } };
}

async function runRound(
  run: Run,
  phase: Phase,
  target: Target,
  timing: { rampMs: number; measureMs: number },
  keep: boolean,
): Promise<void> {
  const spec: Round = { type: 'round', target, devices: phase.devices, ...timing };
  if (phase.ratePerSecond !== undefined) spec.ratePerSecond = phase.ratePerSecond;
  const { watch } = run;
  watch.refresh();
  let last = watch.snapshot();
  let windowStart: Snapshot | null = null;
  let windowEnd: Snapshot | null = null;
  const timers = [
    setTimeout(() => {
      watch.refresh();
      windowStart = watch.snapshot();
    }, timing.rampMs),
    setTimeout(() => {
      windowEnd = watch.snapshot();
    }, timing.rampMs + timing.measureMs),
  ];
  const sampler = setInterval(() => {
    last = watch.snapshot(last);
  }, SAMPLE_EVERY_MS);
  const result = await run.loader.request(spec, 'result').finally(() => {
    for (const timer of timers) clearTimeout(timer);
    clearInterval(sampler);
  });
  const attempts = result.pushes + result.errors;
  if (result.errors > 0) {
    const line = `${result.errors} of ${attempts} ${target} pushes failed; first: ${result.firstError}`;
    if (result.errors > MAX_ERROR_SHARE * attempts) throw new Error(line);
    console.warn(`  warning: ${line}`);
  }
  if (!keep) return;
  const samples = phase.samples[target];
  samples.rates.push(result.pushes / result.seconds);
  for (const ms of result.latenciesMs) samples.latenciesMs.push(ms);
  samples.roundP95.push(percentile(result.latenciesMs, 95));
  if (windowStart && windowEnd) samples.cpu.push(watch.cpu(windowStart, windowEnd, timing.measureMs / 1000));
}

async function runPhase(run: Run, phase: Phase, title: string): Promise<void> {
  console.log(`${title}: ${phase.label}${TIMING.warmup ? ', warming up' : ''}…`);
  if (TIMING.warmup) {
    await runRound(run, phase, 'gateway', TIMING.warmup, false);
    await runRound(run, phase, 'direct', TIMING.warmup, false);
  }
  for (let r = 0; r < TIMING.rounds; r++) {
    const order: Target[] = r % 2 === 0 ? ['gateway', 'direct'] : ['direct', 'gateway'];
    for (const target of order) await runRound(run, phase, target, TIMING, true);
    console.log(`[${phase.label}] round ${r + 1}/${TIMING.rounds}: ${roundLine(phase)}`);
  }
}

function placement(watch: ProcessWatch): string {
  return (
    `Gateway (this process, pid ${watch.gatewayPid}) allowed on core ${allowedCores(watch.gatewayPid)}, ran on ${watch.describeCores('gateway')}; ` +
    `load generator (pid ${watch.loaderPid}) allowed on core ${allowedCores(watch.loaderPid)}, ran on ${watch.describeCores('loader')}; ` +
    `PostgreSQL (${watch.postgresCount} processes, not pinned) busy on ${watch.describeCores('postgres')}.`
  );
}

async function benchmark(stackRef: { stack: Devstack | null; loader: LoaderProcess | null }): Promise<void> {
  const started = Date.now();
  const today = new Date().toISOString().slice(0, 10);
  const devices = Math.max(...DEVICE_COUNTS);
  console.log(`sync-throughput${QUICK ? ' (quick)' : ''}: starting a test stack…`);
  const stack = await startTestStack({ gateway: { poolMax: POOL_MAX } });
  stackRef.stack = stack;
  const wire = await captureSupabaseRequests(stack.anonKey, { days: [], today, device_kind: 'vscode' });
  // After PostgreSQL started, so that its postmaster (and every backend it forks) stays unpinned.
  const pin = canPin();
  if (pin && !pinToCore(process.pid, 0)) console.warn('  warning: could not pin the gateway to core 0');
  const loader = new LoaderProcess(pin ? 1 : null);
  stackRef.loader = loader;
  const run: Run = { loader, watch: new ProcessWatch(process.pid, loader.pid) };

  console.log(`signing up ${devices} anonymous devices and registering each with a first push…`);
  const ready = await loader.request(
    {
      type: 'setup',
      apiUrl: stack.apiUrl,
      authenticatorUrl: authenticatorUrl(stack.dbUrl),
      poolMax: POOL_MAX,
      devices,
      today,
      signup: wire.signup,
      rpc: wire.rpc,
    },
    'ready',
  );
  console.log(
    `  ${devices} sign-ups in ${ready.signupSeconds.toFixed(1)} s (${(devices / ready.signupSeconds).toFixed(0)}/s), ` +
      `first pushes in ${ready.registerSeconds.toFixed(1)} s`,
  );

  const phases: Phase[] = [
    ...DEVICE_COUNTS.map((n) => newPhase(`${n} devices back to back`, n)),
    newPhase(`${LIGHT_RATE}/s from ${GOALS.atDevices} devices`, GOALS.atDevices, LIGHT_RATE),
    newPhase(
      `${GOALS.pushesPerSecond}/s from ${GOALS.atDevices} devices`,
      GOALS.atDevices,
      GOALS.pushesPerSecond,
    ),
  ];
  for (const [i, phase] of phases.entries()) await runPhase(run, phase, `phase ${i + 1}/${phases.length}`);

  const where = placement(run.watch);
  console.log(`\n${where}`);
  const figures: Figure[] = phases.flatMap((phase) => phaseFigures(BENCH, phase, where));
  recordFigures(BENCH, figures);
  printFigures(figures);
  console.log(`sync-throughput finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function main(): Promise<void> {
  const ref: { stack: Devstack | null; loader: LoaderProcess | null } = { stack: null, loader: null };
  let cleaning: Promise<void> | null = null;
  const cleanup = () => {
    cleaning ??= (async () => {
      await ref.loader?.stop().catch(() => {});
      await ref.stack?.stop().catch((error: unknown) => console.error('stopping the stack:', error));
    })();
    return cleaning;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // The signal also runs embedded PostgreSQL's own exit hook, which ends sessions the gateway holds
      // mid-request; with no listener there, their errors must not cut the cleanup short.
      process.on('uncaughtException', (error) => {
        if ((error as { code?: unknown }).code === '57P01') return;
        console.error(error);
        process.exit(1);
      });
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    await benchmark(ref);
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// Live boards at scale (docs/live-boards.md): 1,000 viewers on the private `leaderboard` topic while
// signed-in devices push at 200/s over a board of 100,000 seeded players, against the old design
// (public `leaderboard`, one `player_stats` event per change) on a second stack in the same run.
// Measures messages per viewer per second, push → visible on every viewer's board, one's own
// `my_stats` on one's other device, that every viewer's board ends equal to get_leaderboard(), the
// "breathing now" count against the truth, and sync_progress throughput on both stacks. Runnable alone:
//   npx tsx scripts/bench/live-boards.ts [--quick]      (or BENCH_QUICK=1)
// Each design runs on its own stack process, with viewers in child processes (live-boards/).
import { printFigures, recordFigures } from './lib/report.ts';
import {
  closeDesign,
  type Design,
  type DesignConfig,
  type DesignResult,
  type DesignStack,
  measureDesign,
  openDesign,
} from './live-boards/design-run.ts';
import { BENCH, buildFigures } from './live-boards/figures.ts';
import { copyOldMigrations } from './live-boards/old-schema.ts';
import { measureThroughput, THROUGHPUT_DEVICES, type Throughput } from './live-boards/throughput.ts';
import { utcToday } from './realtime-fanout/devices.ts';
import { ProcessSet } from './realtime-fanout/processes.ts';

const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const PUSHES_PER_SECOND = 200;

const base = QUICK
  ? {
      players: 10_000,
      pool: 150,
      paired: 5,
      viewers: 100,
      warmupSeconds: 2,
      loadSeconds: 8,
      breathing: { start: 30, stop: 10 },
      throughput: { rounds: 2, rampMs: 500, measureMs: 1000 },
    }
  : {
      players: 100_000,
      pool: 300,
      paired: 20,
      viewers: 1000,
      warmupSeconds: 5,
      loadSeconds: 20,
      breathing: { start: 150, stop: 50 },
      throughput: { rounds: 3, rampMs: 1000, measureMs: 3000 },
    };
// Every old-design viewer receives every push's event: a tenth of the viewers gives the same
// per-viewer rate without 200,000 frames a second that two cores could not send.
const OLD_VIEWERS = base.viewers / 10;
const OLD_LOAD_SECONDS = Math.ceil(base.loadSeconds / 2);

// The devstack enforces Supabase Realtime's per-project quotas (supabase/devstack.toml, the Pro plan by
// default: 500 concurrent users, 500 events a second, every delivery counting). The benchmark measures
// the designs, not a plan, so both stacks get room for 1,000 viewers and the old design's per-push
// fan-out; the notes say what a plan's quota would make of the measured rates.
const REALTIME_LIMITS = {
  maxConcurrentUsers: 10_000,
  maxEventsPerSecond: 1_000_000,
  maxJoinsPerSecond: 10_000,
  maxChannelsPerClient: 100,
  maxPresenceEventsPerSecond: 1_000,
};

const sets: ProcessSet[] = [];
const phaseOf = (design: string) => (line: string) => console.log(`[${BENCH} ${design}] ${line}`);
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
/** Why the throughput rounds failed, if they did (the designs are still measured). */
let throughputError: string | null = null;

interface Outcome {
  result: DesignResult | null;
  error: string | null;
}

async function open(config: DesignConfig): Promise<{ stack: DesignStack | null; error: string | null }> {
  const processes = new ProcessSet();
  sets.push(processes);
  try {
    return { stack: await openDesign(config, processes, phaseOf(config.design)), error: null };
  } catch (error) {
    console.error(error);
    return { stack: null, error: message(error) };
  }
}

async function measure(
  opened: { stack: DesignStack | null; error: string | null },
  throughput: Throughput | undefined,
) {
  const { stack } = opened;
  if (stack === null) return { result: null, error: opened.error };
  try {
    const measured = throughput ?? { rates: [], median: Number.NaN, errors: 0, firstError: throughputError };
    return { result: await measureDesign(stack, measured), error: null };
  } catch (error) {
    console.error(error);
    return { result: null, error: message(error) };
  } finally {
    await closeDesign(stack);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const today = utcToday();
  const common = {
    ...base,
    viewerProcesses: 2,
    pushesPerSecond: PUSHES_PER_SECOND,
    today,
    stack: { gateway: { realtimeLimits: REALTIME_LIMITS } },
  };
  console.log(
    `${BENCH}${QUICK ? ' (quick)' : ''}: both stacks, throughput rounds alternating, then the old design's load, then the new one's`,
  );

  const oldMigrations = await copyOldMigrations();
  let old: Outcome;
  let now: Outcome;
  try {
    const oldStack = await open({
      ...common,
      design: 'old',
      stack: { ...common.stack, migrationsDir: oldMigrations.dir },
      viewers: OLD_VIEWERS,
      loadSeconds: OLD_LOAD_SECONDS,
    });
    const newStack = await open({ ...common, design: 'new' });
    const targets: Partial<Record<Design, DesignStack['ready']>> = {};
    if (oldStack.stack) targets.old = oldStack.stack.ready;
    if (newStack.stack) targets.new = newStack.stack.ready;
    console.log(
      `[${BENCH}] sync_progress throughput, ${THROUGHPUT_DEVICES} devices back to back, rounds alternating…`,
    );
    const throughput = await measureThroughput(targets, { ...base.throughput, today }, console.log).catch(
      (error: unknown) => {
        console.error(error);
        throughputError = `throughput not measured: ${message(error)}`;
        return {} as Partial<Record<Design, Throughput>>;
      },
    );
    old = await measure(oldStack, throughput.old);
    now = await measure(newStack, throughput.new);
  } finally {
    await oldMigrations.remove();
  }

  const { figures, notes } = buildFigures({
    pushesPerSecond: PUSHES_PER_SECOND,
    old: old.result,
    oldError: old.error,
    new: now.result,
    newError: now.error,
  });
  recordFigures(BENCH, figures);
  printFigures(figures);
  console.log(notes.map((n) => `- ${n}`).join('\n'));
  console.log(`${BENCH} finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (old.error || now.error) process.exitCode = 1;
}

const interrupted = () => {
  console.log(`[${BENCH}] interrupted: stopping viewers and the stack…`);
  void Promise.all(sets.map((set) => set.stopAll())).finally(() => process.exit(130));
};
process.once('SIGINT', interrupted);
process.once('SIGTERM', interrupted);
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

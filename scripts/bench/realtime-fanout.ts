// Realtime fan-out of the local stack: 1,000 supabase-js subscribers on the public `leaderboard`
// topic and 100 team members on their private `team:<id>` topic, fed by a steady stream of
// sync_progress pushes whose player_stats trigger broadcasts to both. Measures commit → receipt
// latency per subscriber and message, counts every expected event per subscriber, and reads the
// gateway's memory and PostgreSQL sessions at rest and under that load. Runnable alone:
//   npx tsx scripts/bench/realtime-fanout.ts [--quick]
// The stack, the subscribers, the commit witness and this process (the pusher) are separate
// processes, so the gateway's RSS is its own and no load generator shares its event loop.
import { cpus } from 'node:os';
import { descendants, rssMiB } from './lib/procfs.ts';
import { printFigures, recordFigures } from './lib/report.ts';
import { CpuSampler, describeGroup, describeUsage, otherCores } from './realtime-fanout/cpu-sampler.ts';
import { type Api, utcToday } from './realtime-fanout/devices.ts';
import { BENCH, buildFigures } from './realtime-fanout/figures.ts';
import { ConnectionCounter, startLoadSamplers } from './realtime-fanout/footprint.ts';
import { createPopulation } from './realtime-fanout/population.ts';
import { ProcessSet } from './realtime-fanout/processes.ts';
import { runPushes } from './realtime-fanout/pusher.ts';
import { connectSubscribers, drain, subscriberSpecs } from './realtime-fanout/subscribers.ts';
import { collectTimings } from './realtime-fanout/timings.ts';

const quick = process.argv.includes('--quick');
const config = quick
  ? { visitors: 100, teamPlayers: 5, devicesPerPlayer: 4, pushers: 5, warmup: 10, pushes: 100 }
  : { visitors: 1000, teamPlayers: 25, devicesPerPlayer: 4, pushers: 20, warmup: 40, pushes: 400 };
const PUSHES_PER_SECOND = 25;
// Two cores: one subscriber process per core, each holding half the sockets.
const SUBSCRIBER_PROCESSES = 2;
// Every event should have arrived well within this after the last push was answered.
const DRAIN_TIMEOUT_MS = 10_000;
const SETTLE_MS = 1500;

const phase = (line: string): void => console.log(`[${BENCH}] ${line}`);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(p: ProcessSet): Promise<void> {
  phase(`starting the stack in its own process${quick ? ' (quick run)' : ''}…`);
  const stack = p.startStack();
  const ready = await stack.next('ready', 300_000);
  const api: Api = { url: ready.apiUrl, anonKey: ready.anonKey };
  const counter = p.adoptCounter(await ConnectionCounter.open(ready.dbUrl));
  const witness = p.startWitness();
  await witness.request({ type: 'listen', dbUrl: ready.dbUrl }, 'listening', 30_000);
  const today = utcToday();

  const teamSize = config.teamPlayers * config.devicesPerPlayer;
  phase(
    `signing up ${config.pushers} pushers and ${teamSize} team devices ` +
      `(${config.teamPlayers} players, paired), all in one team…`,
  );
  const population = await createPopulation(api, { ...config, today });
  await pause(SETTLE_MS);
  const idleRss = rssMiB(stack.pid);
  const idleConnections = await counter.count();
  phase(`idle: gateway RSS ${idleRss.toFixed(1)} MiB, ${idleConnections.total} PostgreSQL connections`);

  const specs = subscriberSpecs(population, config.visitors);
  phase(`connecting ${specs.length} subscribers from ${SUBSCRIBER_PROCESSES} processes…`);
  const subscribers = p.startSubscribers(SUBSCRIBER_PROCESSES);
  const joinStarted = Date.now();
  const join = await connectSubscribers(api, specs, subscribers, phase);
  phase(
    `${join.joined}/${specs.length} joined in ${((Date.now() - joinStarted) / 1000).toFixed(1)} s` +
      (join.failed ? `; failures: ${join.failures.join(' | ')}` : ''),
  );
  await pause(SETTLE_MS);
  const connectedRss = rssMiB(stack.pid);

  const samplers = startLoadSamplers(stack.pid, counter);
  phase(`warm-up: ${config.warmup} pushes…`);
  await runPushes(api, population.pushers, { count: config.warmup, perSecond: PUSHES_PER_SECOND, today });
  await pause(SETTLE_MS);
  await Promise.all([
    ...subscribers.map((c) => c.request({ type: 'reset' }, 'reset-done', 10_000)),
    witness.request({ type: 'reset' }, 'reset-done', 10_000),
  ]);

  phase(`measuring: ${config.pushes} pushes at ${PUSHES_PER_SECOND}/s from ${config.pushers} devices…`);
  const stackPid = stack.pid;
  const gatewayGroup = `gateway (pid ${stackPid})`;
  const cpu = new CpuSampler([
    { name: gatewayGroup, pids: () => [stackPid] },
    { name: 'PostgreSQL (all backends)', pids: () => descendants(stackPid) },
    ...subscribers.map((c) => ({ name: `${c.label} (pid ${c.pid})`, pids: () => [c.pid] })),
    { name: `commit witness (pid ${witness.pid})`, pids: () => [witness.pid] },
    { name: `pusher, this process (pid ${process.pid})`, pids: () => [process.pid] },
  ]);
  cpu.start();
  const pushes = await runPushes(api, population.pushers, {
    count: config.pushes,
    perSecond: PUSHES_PER_SECOND,
    today,
  });
  const expected = pushes.records.length * join.joined;
  const received = await drain(subscribers, expected, DRAIN_TIMEOUT_MS);
  const usage = cpu.stop();
  const peaks = await samplers.stop();
  phase(`received ${received}/${expected} events; collecting timings…`);

  const timings = await collectTimings(pushes.records, witness, subscribers);
  const gateway = usage.groups.find((g) => g.name === gatewayGroup);
  const { figures, notes } = buildFigures({
    pushes: pushes.records.length,
    perSecond: PUSHES_PER_SECOND,
    pushers: config.pushers,
    ...timings,
    roundTrips: pushes.records.map((r) => r.respondedAt - r.sentAt),
    retried: pushes.retried,
    joinFailures: join.failed,
    latePushes: pushes.late,
    rss: { idle: idleRss, connected: connectedRss, peak: Math.max(peaks.rss ?? 0, connectedRss) },
    cpu: {
      gateway: gateway?.cores ?? Number.NaN,
      gatewayWhere: gateway ? describeGroup(gateway) : '',
      others: otherCores(usage),
      machine: usage.machineCores,
      cores: cpus().length,
    },
    connections: {
      idle: idleConnections,
      peak: peaks.connections ?? idleConnections,
      mostLockWaits: peaks.lockWaits ?? idleConnections,
    },
  });
  recordFigures(BENCH, figures);
  printFigures(figures);
  console.log(notes.join('\n'));
  console.log(
    `\nCPU during the measured pushes (${cpus().length} cores, shared with anything else running):`,
  );
  console.log(
    describeUsage(usage)
      .map((line) => `- ${line}`)
      .join('\n'),
  );
}

async function main(): Promise<void> {
  const processes = new ProcessSet();
  const interrupted = () => {
    phase('interrupted: stopping subscribers and the stack…');
    void processes.stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await run(processes);
  } finally {
    phase('stopping subscribers and the stack…');
    await processes.stopAll();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

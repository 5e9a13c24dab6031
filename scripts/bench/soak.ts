// Soak: a local stack kept under steady churn for minutes, to show that nothing it holds grows
// with time. Devices sign in and push sync_progress, pair, join and leave teams; realtime sockets
// join and leave the private `leaderboard` and team topics; browser tabs open and close the built
// dashboard. After a warm-up, and every minute until the end, it samples the gateway's resident
// memory and open descriptors, PostgreSQL's connections and the rows in realtime.messages; the goal
// is no growth above 10% and no error at all. Runnable alone:
//   npx tsx scripts/bench/soak.ts [--minutes N | --quick]      (default 10 minutes; --quick: 1)
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { serveStatic } from '../src/start/static-server.ts';
import { ensureChromium, killChromiumUnder, launchChromium } from './client-footprint/browser.ts';
import { Cleanup } from './client-footprint/cleanup.ts';
import { run } from './client-footprint/extension.ts';
import { printFigures, recordFigures, repoRoot } from './lib/report.ts';
import { utcToday } from './realtime-fanout/devices.ts';
import { ProcessSet } from './realtime-fanout/processes.ts';
import { Churn, type ChurnRates } from './soak/churn.ts';
import { ErrorLog } from './soak/errors.ts';
import { BENCH, buildFigures, type Sample } from './soak/figures.ts';
import { Sampler } from './soak/sampler.ts';
import { Tabs } from './soak/tabs.ts';

function minutesAsked(argv: readonly string[]): number {
  if (argv.includes('--quick') || process.env.BENCH_QUICK === '1') return 1;
  const at = argv.indexOf('--minutes');
  if (at === -1) return 10;
  const minutes = Number(argv[at + 1]);
  if (!(minutes > 0)) throw new Error(`--minutes wants a positive number, not ${argv[at + 1]}`);
  return minutes;
}

const MINUTES = minutesAsked(process.argv.slice(2));
// Long enough for the stack's pools, caches and JIT to settle and every socket slot to have joined once,
// and (in the full form) for realtime.messages to reach its steady size: the devstack keeps a minute of
// broadcasts and prunes every 30 s, so before 90 s the table is still filling, not growing.
const WARM_UP_SECONDS = MINUTES < 5 ? 20 : 100;
const SAMPLE_EVERY_MS = 60_000;
// Modest on purpose: two shared cores carry the stack, its PostgreSQL, the load and Chromium.
const RATES: ChurnRates = {
  pushesPerSecond: 20,
  socketEveryMs: 1000,
  signInEveryMs: 2000,
  pairingEveryMs: 5000,
  teamChangeEveryMs: 2000,
};
const POPULATION = { devices: 40, teams: 3, sockets: 8 };
const TAB_EVERY_MS = 10_000;
const TABS_OPEN = 3;

const log = (line: string): void => console.log(`[${BENCH}] ${line}`);
const cleanup = new Cleanup((line) => console.error(`[${BENCH}] ${line}`));
cleanup.exitOnSignals();

/** The dashboard as `npm start` serves it; built first when there is no build yet. */
function dashboardBuild(): string {
  const dist = join(repoRoot, 'dashboard', 'dist');
  if (!existsSync(join(dist, 'index.html'))) {
    log('building the dashboard');
    // The default API address in the build: the page is pointed at the soak's stack with ?api=.
    const { VITE_SUPABASE_URL: _url, VITE_SUPABASE_ANON_KEY: _key, ...env } = process.env;
    run('npm', ['run', 'build', '-w', '@breath-master/dashboard'], { ...env, NODE_ENV: 'production' });
  }
  return dist;
}

async function main(): Promise<void> {
  const started = Date.now();
  ensureChromium();
  const dist = dashboardBuild();

  const processes = new ProcessSet();
  cleanup.add('stack', () => processes.stopAll());
  const stack = processes.startStack({}, 'soak stack');
  const ready = await stack.next('ready', 180_000);
  const api = { url: ready.apiUrl, anonKey: ready.anonKey };
  log(`stack up at ${api.url} (gateway pid ${stack.pid})`);

  const server = await serveStatic(dist, 0);
  cleanup.add('static server', () => server.close());
  const tmp = mkdtempSync(join(tmpdir(), 'bm-soak-'));
  cleanup.removeDir('browser profile', tmp);
  const browser = await launchChromium(tmp);
  cleanup.atExit(() => killChromiumUnder(tmp));
  cleanup.add('browser', () => browser.close());

  const errors = new ErrorLog();
  const churn = new Churn(api, errors, utcToday());
  await churn.setup(POPULATION);
  const sampler = await Sampler.open(ready.dbUrl, stack.pid);
  cleanup.add('sampler', () => sampler.close());
  const tabs = new Tabs(browser, `${server.url}/?api=${encodeURIComponent(api.url)}`, api.url, errors);

  log(`${MINUTES} min of churn after a ${WARM_UP_SECONDS} s warm-up`);
  churn.start(RATES);
  tabs.start(TAB_EVERY_MS, TABS_OPEN);
  await sleep(WARM_UP_SECONDS * 1000);

  const samples: Sample[] = [];
  const warm = Date.now();
  const sample = async () => {
    const s = await sampler.take((Date.now() - warm) / 1000);
    samples.push(s);
    log(
      `t=${s.at.toFixed(0)} s: gateway ${s.gatewayRssMiB.toFixed(1)} MiB, ${s.gatewayFds} fds; ${s.pgConnections} pg connections; ${s.realtimeMessages} realtime.messages; ${errors.total} errors`,
    );
  };
  await sample();
  const end = warm + MINUTES * 60_000;
  while (Date.now() < end) {
    await sleep(Math.min(SAMPLE_EVERY_MS, end - Date.now()));
    await sample();
  }

  await Promise.all([churn.stop(), tabs.stop()]);
  const c = churn.counts;
  const load = `${c.pushes} pushes, ${c.signIns} sign-ins, ${c.pairings} pairings, ${c.teamJoins} team joins, ${c.teamLeaves} team leaves, ${c.joins} realtime joins, ${c.leaves} leaves (${c.received} broadcasts received), ${tabs.opened} tabs`;
  log(load);
  const figures = buildFigures(samples, errors, load);
  recordFigures(BENCH, figures);
  printFigures(figures);
  for (const [kind, n] of errors.byKind()) log(`errors, ${kind}: ${n}`);
  for (const line of errors.first()) log(`  ${line}`);
  // A goal missed is a result (the table shows it), not a run that failed.
  log(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => cleanup.run());

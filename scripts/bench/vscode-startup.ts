// The extension in a real VS Code (code-server + Chromium): how long after the window starts
// loading the Breath Master status item is on screen, and what the extension costs in the
// extension host's memory, against the same editor without it. Runnable alone:
//   npx tsx scripts/bench/vscode-startup.ts [runs]
// Each run is a fresh code-server and a fresh browser; runs alternate with and without the
// extension so drift on a shared machine hits both alike.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installExtension, startCodeServer, writeUserSettings } from '../vscode-e2e/code-server.ts';
import { quietWorkbench } from '../vscode-e2e/editor.ts';
import { ensureCodeServer } from '../vscode-e2e/install-code-server.ts';
import { packageExtension } from '../vscode-e2e/package-extension.ts';
import { freePort } from '../vscode-e2e/ports.ts';
import { launchChromium } from '../vscode-e2e/workbench.ts';
import { descendants, rssMiB } from './lib/procfs.ts';
import { type Figure, printFigures, recordFigures } from './lib/report.ts';
import { summarize } from './lib/stats.ts';

const BENCH = 'vscode-startup';
const runs = Number(process.argv[2] ?? 5);
// After the window is up the host keeps loading built-in extensions for a while (longer on a busy
// machine): memory is read once it has settled, so both arms are measured in the same state.
const SETTLE_MIN_MS = 3000;
const SETTLE_MAX_MS = 30_000;
const SETTLED_DELTA_MIB = 0.5;

const statusBar = '#workbench\\.parts\\.statusbar';
const guideSelector = `${statusBar} .statusbar-item[id$="breathMaster.guide"]`;

/** Reads the host's RSS every second until two readings in a row differ by less than SETTLED_DELTA_MIB. */
async function settledHostRss(serverPid: number): Promise<number> {
  const started = Date.now();
  await new Promise((r) => setTimeout(r, SETTLE_MIN_MS));
  let previous = extensionHostRss(serverPid);
  let calm = 0;
  while (Date.now() - started < SETTLE_MAX_MS) {
    await new Promise((r) => setTimeout(r, 1000));
    const current = extensionHostRss(serverPid);
    calm = Math.abs(current - previous) < SETTLED_DELTA_MIB ? calm + 1 : 0;
    previous = current;
    if (calm >= 2) break;
  }
  return previous;
}

/** The extension host of the one window open: the code-server child started with --type=extensionHost. */
function extensionHostRss(serverPid: number): number {
  const hosts = descendants(serverPid).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=extensionHost');
    } catch {
      return false;
    }
  });
  if (hosts.length !== 1) throw new Error(`expected one extension host, found ${hosts.length}`);
  return rssMiB(hosts[0] as number);
}

interface Sample {
  /** Navigation start to the status bar drawn (the workbench itself). */
  statusBarMs: number;
  /** Navigation start to the Breath Master item drawn (with the extension only). */
  itemMs: number | null;
  /** The page's load event to the item drawn. */
  itemAfterLoadMs: number | null;
  hostRssMiB: number;
}

async function measure(bin: string, vsix: string | null): Promise<Sample> {
  const root = mkdtempSync(join(tmpdir(), 'bm-bench-editor-'));
  const dirs = { userDataDir: join(root, 'user'), extensionsDir: join(root, 'extensions') };
  const workspace = join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'notes.md'), '# Notes\n');
  writeUserSettings(dirs, quietWorkbench);
  if (vsix) await installExtension(bin, dirs, vsix);
  const server = await startCodeServer({
    bin,
    port: await freePort(),
    dirs,
    logFile: join(root, 'code-server.log'),
    env: { XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: join(root, 'data') },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    const at = (selector: string) =>
      page
        .waitForFunction((s) => (document.querySelector(s) ? performance.now() : null), selector, {
          polling: 'raf',
          timeout: 60_000,
        })
        .then((h) => h.jsonValue() as Promise<number>);
    const statusBarMs = await at(statusBar);
    const itemMs = vsix ? await at(guideSelector) : null;
    const loadEnd = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      return nav?.loadEventEnd ?? 0;
    });
    return {
      statusBarMs,
      itemMs,
      itemAfterLoadMs: itemMs === null ? null : itemMs - loadEnd,
      hostRssMiB: await settledHostRss(server.pid),
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const bin = await ensureCodeServer();
  const vsixDir = mkdtempSync(join(tmpdir(), 'bm-bench-vsix-'));
  const vsix = packageExtension(vsixDir);
  const withExt: Sample[] = [];
  const without: Sample[] = [];
  try {
    // One unmeasured run warms the disk cache and code-server's first-start work.
    await measure(bin, vsix);
    for (let i = 0; i < runs; i++) {
      withExt.push(await measure(bin, vsix));
      without.push(await measure(bin, null));
      const w = withExt.at(-1) as Sample;
      const b = without.at(-1) as Sample;
      console.log(
        `run ${i + 1}/${runs}: item ${w.itemMs?.toFixed(0)} ms (status bar ${w.statusBarMs.toFixed(0)} ms), host ${w.hostRssMiB.toFixed(1)} MiB vs ${b.hostRssMiB.toFixed(1)} MiB without`,
      );
    }
  } finally {
    rmSync(vsixDir, { recursive: true, force: true });
  }
  const item = summarize(withExt.map((s) => s.itemMs as number));
  const afterLoad = summarize(withExt.map((s) => s.itemAfterLoadMs as number));
  const bar = summarize(without.map((s) => s.statusBarMs));
  const rssWith = summarize(withExt.map((s) => s.hostRssMiB));
  const rssWithout = summarize(without.map((s) => s.hostRssMiB));
  const extra = summarize(withExt.map((s, i) => s.hostRssMiB - (without[i]?.hostRssMiB ?? Number.NaN)));
  const figures: Figure[] = [
    {
      bench: BENCH,
      name: 'window opened → Breath Master status item shown',
      unit: 'ms',
      median: item.median,
      p95: item.p95,
      baseline: { name: 'status bar drawn, no extension', median: bar.median },
      ratio: item.median / bar.median,
    },
    {
      bench: BENCH,
      name: 'page load event → status item shown',
      unit: 'ms',
      median: afterLoad.median,
      p95: afterLoad.p95,
      note: 'the extension activates on startup finished, after the workbench restores',
    },
    {
      bench: BENCH,
      name: 'extension host RSS with Breath Master',
      unit: 'MiB',
      median: rssWith.median,
      p95: rssWith.p95,
      baseline: { name: 'without it', median: rssWithout.median },
      ratio: rssWith.median / rssWithout.median,
    },
    {
      bench: BENCH,
      name: 'extension host RSS added by Breath Master (paired runs)',
      unit: 'MiB',
      median: extra.median,
      p95: extra.p95,
    },
  ];
  recordFigures(BENCH, figures);
  printFigures(figures);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

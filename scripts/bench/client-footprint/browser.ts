import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { chromiumFlags } from '../../vscode-e2e/workbench.ts';
import { gzipBytes, run } from './extension.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const viewport = { width: 1280, height: 800 };

/** Installs the distribution's Chromium when it is missing (the benchmark machines run as root). */
export function ensureChromium(): void {
  if (existsSync(executablePath)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], env);
  run('apt-get', ['install', '-y', 'chromium'], env);
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath} after installing it`);
}

/**
 * Playwright gives each launch a fresh profile under os.tmpdir() and removes it on close; pointed at
 * the caller's temporary directory, the profile (and Chromium's own temporary files) go with that
 * directory even when the run is interrupted before close. Playwright's signal handlers would exit
 * before the caller's cleanup, so the caller owns signals.
 */
export async function launchChromium(tempDir: string): Promise<Browser> {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tempDir;
  try {
    return await chromium.launch({
      executablePath,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      args: chromiumFlags,
    });
  } finally {
    if (saved === undefined) Reflect.deleteProperty(process.env, 'TMPDIR');
    else process.env.TMPDIR = saved;
  }
}

/**
 * Kills, synchronously and by pid, the Chromium whose profile lies under `tempDir` (with its process
 * group: Playwright starts it detached). For process exit, where browser.close() cannot be awaited.
 */
export function killChromiumUnder(tempDir: string): void {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue; // Ended while we looked.
    }
    if (!cmdline.includes(`--user-data-dir=${tempDir}/`)) continue;
    const pid = Number(entry);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  }
}

// The service worker is blocked as in the dashboard's e2e: on a first visit it precaches every
// chunk (charts included) in the background, which is not what the page needs to show itself.
async function freshContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport, serviceWorkers: 'block' });
}

export interface LoadedScript {
  url: string;
  bytes: number;
  gzipBytes: number;
  text: string;
}

export interface FirstLoad {
  scripts: LoadedScript[];
  /** Leaderboard rows on screen once the network was idle: the page worked against the stack. */
  rows: number;
  live: boolean;
}

/** Every script the page fetched from opening it until the network went idle, with its gzip size. */
export async function firstLoadScripts(browser: Browser, url: string): Promise<FirstLoad> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    const bodies: Promise<LoadedScript>[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      bodies.push(
        response.body().then((body) => ({
          url: response.url(),
          bytes: body.length,
          gzipBytes: gzipBytes(body),
          text: body.toString('utf8'),
        })),
      );
    });
    await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 });
    const seen = bodies.length;
    const scripts = await Promise.all(bodies.slice(0, seen));
    const rows = await page
      .locator('tbody tr')
      .first()
      .waitFor({ timeout: 5_000 })
      .then(
        () => page.locator('tbody tr').count(),
        () => 0,
      );
    const live = await page
      .locator('[data-testid="live"][data-live="true"]')
      .waitFor({ timeout: 5_000 })
      .then(
        () => true,
        () => false,
      );
    return { scripts, rows, live };
  } finally {
    await context.close();
  }
}

// A string, so the page's own types stay out of this Node project; resolves with the paint time.
const readFcp = `new Promise((resolve, reject) => {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') resolve(entry.startTime);
  }).observe({ type: 'paint', buffered: true });
  setTimeout(() => reject(new Error('no first contentful paint within 15 s')), 15000);
})`;

/** First contentful paint in a fresh context with the HTTP cache off. */
export async function firstContentfulPaint(browser: Browser, url: string): Promise<number> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    return (await page.evaluate(readFcp)) as number;
  } finally {
    await context.close();
  }
}

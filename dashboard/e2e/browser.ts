import { mkdir } from 'node:fs/promises';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';

const ARTIFACTS = new URL('../../test-artifacts/dashboard/', import.meta.url);

export const desktop = { width: 1280, height: 800 };
export const phone = { width: 390, height: 844 };

export function e2eConfig() {
  return inject('e2e');
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser profile (its own localStorage: its own device) pointed at the test stack. */
export async function openApp(
  browser: Browser,
  path: string,
  viewport = desktop,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  await page.goto(withApi(path));
  return { context, page };
}

export function withApi(path: string): string {
  const { appUrl, apiUrl } = e2eConfig();
  const url = new URL(path, appUrl);
  url.searchParams.set('api', apiUrl);
  return url.toString();
}

/**
 * Saves a screenshot under test-artifacts/dashboard/ (not committed), for a person to look at:
 * the viewport, or with `fullPage` the whole scrolled page.
 */
export async function snapshot(page: Page, name: string, { fullPage = false } = {}): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, ARTIFACTS).pathname, fullPage });
}

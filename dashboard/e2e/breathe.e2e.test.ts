import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eConfig, launch, openApp, phone, snapshot, withApi } from './browser.ts';
import { ExtensionDevice } from './extension-device.ts';
import { breatheOneSigh } from './steps.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** Every request the page sends to the API, as `METHOD /path`, from before its first load. */
function recordApiRequests(page: Page): string[] {
  const { apiUrl } = e2eConfig();
  const seen: string[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(apiUrl)) seen.push(`${request.method()} ${new URL(request.url()).pathname}`);
  });
  return seen;
}

const carriesProgress = (request: string) =>
  request.includes('/auth/v1/') || request.endsWith('/rest/v1/rpc/sync_progress');

describe('web breathing', () => {
  it('sends nothing for a visitor who only breathes; once they choose to sync, the session reaches the leaderboard', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      serviceWorkers: 'block',
    });
    const page = await context.newPage();
    const requests = recordApiRequests(page);
    await page.goto(withApi('/breathe'));
    expect(await page.getByTestId('phase').innerText()).toBe('Ready');
    await breatheOneSigh(page, 'breathe-desktop');
    const choice = page.getByTestId('sync-choice');
    expect(await choice.innerText()).toContain('your breaths stay in this browser');
    expect(await choice.innerText()).toContain('a place on the leaderboard under a generated nickname');
    expect(await choice.innerText()).toContain('What is sent: an anonymous id made for this browser');
    expect(await page.getByTestId('sync-state').innerText()).toBe('Kept in this browser only.');
    // Longer than the few seconds a synced browser waits before pushing a finished session.
    await page.waitForTimeout(5_000);
    expect(requests.filter(carriesProgress)).toEqual([]);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('auth')))).toEqual(
      [],
    );

    await page.getByRole('button', { name: 'Sync this browser' }).click();
    await page
      .getByTestId('sync-state')
      .filter({ hasText: 'All breaths synced.' })
      .waitFor({ timeout: 15_000 });
    expect(requests.filter(carriesProgress)).toContain('POST /rest/v1/rpc/sync_progress');
    await page.getByRole('link', { name: 'Leaderboard' }).click();
    const rank = page.getByTestId('my-rank');
    await expect
      .poll(() => rank.innerText(), { timeout: 10_000 })
      .toMatch(/You are #\d+ of [\d,]+ with 2 XP/);

    // The choice is remembered; stopping it sends nothing more.
    await page.goto(withApi('/breathe'));
    await page.getByRole('button', { name: 'Stop syncing' }).click();
    const before = requests.filter(carriesProgress).length;
    await breatheOneSigh(page);
    await page.waitForTimeout(5_000);
    expect(requests.filter(carriesProgress).slice(before)).toEqual([]);
    expect(await page.getByTestId('sync-state').innerText()).toBe('Kept in this browser only.');
    await context.close();
  }, 90_000);

  it('a browser paired with a syncing editor syncs its breaths without being asked again', async () => {
    const editor = new ExtensionDevice();
    await editor.breathe(5).push(); // 20 XP
    const { code } = await editor.client.createPairingCode();
    const { page, context } = await openApp(browser, `/pair?code=${code}`);
    await page.waitForURL(/\/me$/);
    await page.getByRole('link', { name: 'Breathe' }).click();
    expect(await page.getByTestId('sync-choice').innerText()).toContain(
      'This browser syncs with the editor it was linked to.',
    );
    await breatheOneSigh(page);
    await page
      .getByTestId('sync-state')
      .filter({ hasText: 'All breaths synced.' })
      .waitFor({ timeout: 15_000 });
    // The editor's player now holds both devices' breaths.
    await expect.poll(async () => (await editor.client.pull(1)).stats.total_xp, { timeout: 10_000 }).toBe(22);
    await context.close();
  }, 60_000);

  it('guides with words that a screen reader announces, and fits a phone', async () => {
    const { page, context } = await openApp(browser, '/breathe', phone);
    const phase = page.getByTestId('phase');
    expect(await phase.getAttribute('aria-live')).toBe('assertive');
    await page.getByLabel('Pattern').selectOption('box');
    await page.getByRole('button', { name: 'Start' }).click();
    await phase.filter({ hasText: 'Breathe in' }).waitFor();
    await phase.filter({ hasText: 'Hold' }).waitFor({ timeout: 6_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    await phase.filter({ hasText: 'Paused' }).waitFor();
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(phone.width);
    await snapshot(page, 'breathe-mobile');
    await page.getByRole('button', { name: 'Finish' }).click();
    await context.close();
  });

  it('keeps the circle still when the person prefers reduced motion', async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce', serviceWorkers: 'block' });
    const page = await context.newPage();
    const { withApi } = await import('./browser.ts');
    await page.goto(withApi('/breathe'));
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByTestId('phase').filter({ hasText: 'Breathe in' }).waitFor();
    const circle = page.getByTestId('breath-circle');
    const before = await circle.evaluate((el) => getComputedStyle(el).transform);
    await page.waitForTimeout(1_000);
    expect(await circle.evaluate((el) => getComputedStyle(el).transform)).toBe(before);
    await page.getByRole('button', { name: 'Finish' }).click();
    await context.close();
  });
});

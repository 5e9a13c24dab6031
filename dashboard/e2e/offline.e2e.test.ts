import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, snapshot } from './browser.ts';
import { breatheOneSigh } from './steps.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('offline', () => {
  it('breathing offline keeps the progress locally and syncs it on reconnect', async () => {
    const { page, context } = await openApp(browser, '/breathe');
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'Sync this browser' }).click();
    // What a push would fetch or send: the sync client's chunk, a sign-in, the push itself.
    const pushTries: string[] = [];
    page.on('request', (request) => {
      if (/sync-client|\/auth\/v1\/|\/rpc\/sync_progress/.test(request.url())) pushTries.push(request.url());
    });
    await context.setOffline(true);
    await page.getByText('You are offline.').waitFor();
    await breatheOneSigh(page);
    await page.getByTestId('sync-state').filter({ hasText: 'Waiting to sync' }).waitFor();
    // The push waits for the network instead of failing (and growing its backoff) while offline.
    await page.waitForTimeout(4_000);
    expect(await page.getByTestId('sync-state').innerText()).toContain('Waiting to sync');
    expect(pushTries).toEqual([]);
    await snapshot(page, 'breathe-offline-desktop');

    await context.setOffline(false);
    await page
      .getByTestId('sync-state')
      .filter({ hasText: 'All breaths synced.' })
      .waitFor({ timeout: 15_000 });
    expect(await page.getByText('You are offline.').count()).toBe(0);
    await page.getByRole('link', { name: 'My progress' }).click();
    await expect.poll(() => page.getByTestId('total-xp').innerText(), { timeout: 10_000 }).toBe('2 XP');
    await context.close();
  }, 60_000);
});

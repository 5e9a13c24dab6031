import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, launch, openApp, phone, snapshot } from './browser.ts';

// Pages no other flow stops on, shot at both sizes. The leaderboard, progress, breathing and team
// pages are shot by their own flows (leaderboard, pairing, breathe, teams).

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function atBothSizes(page: Page, name: string): Promise<void> {
  for (const [size, viewport] of [
    ['desktop', desktop],
    ['mobile', phone],
  ] as const) {
    await page.setViewportSize(viewport);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${name} at ${size} scrolls sideways`).toBeLessThanOrEqual(viewport.width);
    await snapshot(page, `${name}-${size}`);
  }
}

describe('screens', () => {
  it('the pairing page, opened from a link whose code was already used', async () => {
    const { page, context } = await openApp(browser, '/pair?code=ZZZZ9999');
    await page.getByRole('heading', { level: 1, name: 'Link this browser' }).waitFor();
    await page.getByRole('alert').getByText('That pairing code is unknown or was already used.').waitFor();
    await page.getByRole('textbox', { name: /Pairing code from your editor/ }).waitFor();
    expect(await page.getByRole('link', { name: 'My progress' }).count()).toBe(2); // nav and page
    await atBothSizes(page, 'pair');
    await context.close();
  });

  it('a page that does not exist says so and leads back', async () => {
    const { page, context } = await openApp(browser, '/no/such/page');
    await page.getByText('This page does not exist').waitFor();
    await atBothSizes(page, 'not-found');
    // The pages no menu lists are one click away in the footer.
    await page.getByRole('contentinfo').getByRole('link', { name: 'API reference' }).click();
    await page.waitForURL((url) => url.pathname === '/api');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Open an export file' }).click();
    await page.waitForURL((url) => url.pathname === '/import');
    await page.goBack();
    await page.goBack();
    await page.getByRole('link', { name: 'Back to the leaderboard' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('tbody tr').first().waitFor();
    await context.close();
  });
});

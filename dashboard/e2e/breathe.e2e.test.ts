import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, phone, snapshot } from './browser.ts';
import { breatheOneSigh } from './steps.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('web breathing', () => {
  it('a sigh session earns XP that reaches the leaderboard as this browser’s rank', async () => {
    const { page, context } = await openApp(browser, '/breathe');
    expect(await page.getByTestId('phase').innerText()).toBe('Ready');
    await breatheOneSigh(page, 'breathe-desktop');
    await page
      .getByTestId('sync-state')
      .filter({ hasText: 'All breaths synced.' })
      .waitFor({ timeout: 15_000 });

    await page.getByRole('link', { name: 'Leaderboard' }).click();
    const rank = page.getByTestId('my-rank');
    await expect
      .poll(() => rank.innerText(), { timeout: 10_000 })
      .toMatch(/You are #\d+ of [\d,]+ with 2 XP/);
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

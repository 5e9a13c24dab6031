import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, phone, snapshot } from './browser.ts';
import { ExtensionDevice } from './extension-device.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('live leaderboard', () => {
  it('shows another client’s push within a flush or two, without a reload, and moves the row up', async () => {
    const { page, context } = await openApp(browser, '/');
    await page.locator('[data-testid="live"][data-live="true"]').waitFor();
    await page.locator('tbody tr').first().waitFor();
    const topXp = Number(
      (await page.locator('tbody tr').first().locator('td').last().innerText()).replace(/,/g, ''),
    );

    // Enough to enter the board, not enough to lead it: 4 XP per cycle, within the plausibility bound.
    const rival = new ExtensionDevice();
    const cyclesToEnter = Math.ceil((topXp * 0.8) / 4 / 3);
    // A first push warms the server's and the page's paths, so the timing below measures delivery.
    await new ExtensionDevice().breathe(5).push();
    for (let day = 0; day < 3; day += 1) rival.breathe(cyclesToEnter, day);
    let navigations = 0;
    page.on('framenavigated', () => {
      navigations += 1;
    });
    const stats = await rival.push();
    const pushedAt = Date.now();
    const row = page.locator(`tr[data-player="${stats.player_id}"]`);
    // Board messages go out at most once a second (docs/live-boards.md): a push waits for the next flush.
    await row.waitFor({ timeout: 3_000 });
    expect(Date.now() - pushedAt).toBeLessThan(3_000);
    await expect.poll(() => row.locator('td').last().innerText()).toBe(stats.total_xp.toLocaleString('en'));
    const rankBefore = Number(await row.locator('td').first().innerText());
    expect(rankBefore).toBeGreaterThan(1);

    // A longer day pushes the rival to the top: the same row moves, no reload.
    rival.breathe(cyclesToEnter * 4, 0);
    await rival.push();
    await expect.poll(() => row.locator('td').first().innerText(), { timeout: 3_000 }).toBe('1');
    expect(await page.locator('tbody tr').first().getAttribute('data-player')).toBe(stats.player_id);
    expect(navigations).toBe(0);

    // Weekly tab: the rival leads there too (all its XP is from this week or the last two days).
    await page.getByRole('tab', { name: 'This week' }).click();
    await page.locator(`tr[data-player="${stats.player_id}"]`).waitFor();
    await snapshot(page, 'leaderboard-desktop');
    await context.close();
  });

  it('shows the global figures and who is breathing now, and fits a phone', async () => {
    const { page, context } = await openApp(browser, '/', phone);
    await page.locator('tbody tr').first().waitFor();
    const players = page.locator('dt', { hasText: 'Players' }).locator('xpath=..').locator('dd');
    await expect.poll(() => players.innerText()).toMatch(/^\d[\d,]*$/);
    // A device starts breathing: the server counts it, and the next board message carries the tile.
    const now = page.locator('dt', { hasText: 'Breathing now' }).locator('xpath=..').locator('dd');
    await expect.poll(() => now.innerText()).toMatch(/^\d+$/);
    const before = Number(await now.innerText());
    const breather = new ExtensionDevice().breathe(2);
    await breather.push();
    await breather.client.setBreathing(true);
    await expect.poll(() => now.innerText(), { timeout: 5_000 }).toBe(String(before + 1));
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(phone.width);
    await snapshot(page, 'leaderboard-mobile');
    await breather.client.setBreathing(false);
    await expect.poll(() => now.innerText(), { timeout: 5_000 }).toBe(String(before));
    await context.close();
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, phone, snapshot } from './browser.ts';
import { ExtensionDevice } from './extension-device.ts';
import { settledBarHeights } from './steps.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('pairing and my progress', () => {
  it('a pairing link from the editor shows the editor’s progress in this browser', async () => {
    const editor = new ExtensionDevice();
    editor.breathe(20, 0).breathe(15, 1).breathe(10, 2);
    const stats = await editor.push();
    const { code } = await editor.client.createPairingCode();

    const { page, context } = await openApp(browser, `/pair?code=${code}`);
    await page.waitForURL(/\/me$/);
    await expect.poll(() => page.getByTestId('handle').innerText()).toBe(stats.handle);
    expect(await page.getByTestId('total-xp').innerText()).toBe(`${stats.total_xp} XP`);
    await expect
      .poll(() => page.getByText('Current streak').locator('xpath=..').locator('dd').innerText())
      .toBe('3 d');
    // Both devices are listed: the editor and this browser.
    await expect.poll(() => page.getByText('VS Code').count()).toBe(1);
    expect(await page.getByText('this browser', { exact: true }).count()).toBe(1);
    await expect.poll(() => page.getByText('Unlocked', { exact: false }).count()).toBeGreaterThan(0);
    // The chart chunk arrives lazily.
    await page.locator('.recharts-surface').first().waitFor();
    // 40, 60 and 80 XP on the last three days: bars in that proportion once they have grown in.
    const [twoDaysAgo = 0, , today = 0] = await settledBarHeights(page);
    expect(twoDaysAgo / today).toBeCloseTo(0.5, 1);
    expect(await page.locator('[data-day].bg-calm\\/45').count()).toBeGreaterThanOrEqual(1);
    await snapshot(page, 'me-desktop', { fullPage: true });

    // Privacy: hide from leaderboards, then a new handle. A click, not check(): the switch follows the
    // query cache, which the mutation updates a tick later, so check()'s immediate re-read can race it.
    await page.getByRole('switch').click();
    await page.getByText('Hidden from leaderboards').waitFor();
    await expect.poll(() => page.getByRole('switch').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'New handle' }).click();
    await expect.poll(() => page.getByTestId('handle').innerText()).not.toBe(stats.handle);
    const mine = await editor.client.pull(1);
    expect(mine.stats.show_on_leaderboard).toBe(false);
    expect(mine.stats.handle).toBe(await page.getByTestId('handle').innerText());

    // Export downloads everything the server holds, as JSON.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export my data (JSON)' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const exported = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(exported)).toContain(mine.stats.handle);

    await page.setViewportSize(phone);
    await settledBarHeights(page);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(phone.width);
    await snapshot(page, 'me-mobile', { fullPage: true });

    // Delete everything, confirmed by typing.
    await page.getByRole('button', { name: 'Delete everything' }).click();
    const confirm = page.getByRole('button', { name: 'Delete for good' });
    expect(await confirm.isDisabled()).toBe(true);
    await page.getByLabel('Type delete to confirm').fill('delete');
    await snapshot(page, 'me-delete-mobile');
    await confirm.click();
    await page.getByText('No progress here yet').waitFor();
    await expect(editor.client.pull(1)).rejects.toMatchObject({
      code: expect.stringMatching(/not_registered|not_authenticated|unauthorized/),
    });
    await context.close();
  });

  it('a typed code that is wrong says so and changes nothing', async () => {
    const { page, context } = await openApp(browser, '/me');
    await page.getByText('No progress here yet').waitFor();
    await page.getByLabel(/Pairing code/).fill('ZZZZ9999');
    await page.getByRole('button', { name: 'Link this browser' }).click();
    await page.getByRole('alert').getByText('unknown or was already used').waitFor();
    await snapshot(page, 'me-empty-desktop');
    await context.close();
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, e2eConfig, launch, openApp, phone, snapshot, withApi } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

// A phrase found only in the generated reference (a topic's "sent" column), to tell which chunk holds it.
const referenceOnly = 'pg_cron, every second';

describe('/api', () => {
  it('shows the generated reference from a chunk of its own, not loaded by the landing page', async () => {
    const context = await browser.newContext({ viewport: desktop, serviceWorkers: 'block' });
    const page = await context.newPage();
    const scripts: { url: string; body: string }[] = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push({ url: response.url(), body: await response.text().catch(() => '') });
    });
    await page.goto(withApi('/'));
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((s) => s.body.includes(referenceOnly)).map((s) => s.url)).toEqual([]);

    await page.goto(withApi('/api'));
    await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
    await expect.poll(() => scripts.some((s) => s.body.includes(referenceOnly))).toBe(true);
    await page.getByText("sync_progress(days jsonb, today date, device_kind text = 'vscode')").waitFor();
    const errors = page.getByRole('list', { name: 'Errors of sync_progress' });
    expect(await errors.getByRole('listitem').filter({ hasText: 'client_outdated' }).innerText()).toBe(
      '426 client_outdated',
    );
    await page.getByRole('cell', { name: 'team:<team_id>' }).waitFor();
    await snapshot(page, 'api-desktop', { fullPage: true });

    await page.getByRole('searchbox', { name: 'Filter functions' }).fill('pairing');
    await page.locator('#redeem_pairing_code').waitFor();
    expect(await page.locator('#sync_progress').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('fits a phone without sideways scrolling of the page', async () => {
    const { context, page } = await openApp(browser, '/api', phone);
    await page.getByRole('heading', { level: 1, name: 'API reference' }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(phone.width);
    await snapshot(page, 'api-phone');
    await context.close();
  });
});

describe('an outdated build', () => {
  it('is told by a banner to reload when the server answers client_outdated', async () => {
    const { apiUrl } = e2eConfig();
    const context = await browser.newContext({ viewport: desktop, serviceWorkers: 'block' });
    // This build names itself as a version below the server's minimum, as an old cached build would.
    await context.route(`${apiUrl}/rest/v1/**`, (route) =>
      route.continue({
        headers: { ...route.request().headers(), 'x-client-info': 'breath-master-sync/0.0.1' },
      }),
    );
    const page = await context.newPage();
    await page.goto(withApi('/teams'));
    await page.getByRole('textbox', { name: 'Team name' }).fill('Too old');
    await page.getByRole('button', { name: 'Create team' }).click();
    // The banner above the page, and the form's own error with the same reason.
    const reload = page.getByRole('button', { name: 'Reload to update' });
    const banner = page.getByRole('alert').filter({ has: reload });
    await banner.waitFor();
    expect(await banner.innerText()).toContain('older than the server accepts');
    await page.getByRole('alert').filter({ hasText: 'Reload the page to update' }).waitFor();
    await snapshot(page, 'client-outdated-desktop');
    await context.close();
  }, 60_000);
});

import { addDays, buildExportDocument, emptyProgress, localDayOf } from '@breath-master/core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desktop, e2eConfig, launch, snapshot, withApi } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const today = localDayOf(new Date());

const exportText = JSON.stringify(
  buildExportDocument(
    {
      ...emptyProgress(),
      deviceDays: {
        [addDays(today, -2)]: { xp: 150, cycles: 30, seconds: 480 },
        [addDays(today, -1)]: { xp: 200, cycles: 40, seconds: 640 },
        [today]: { xp: 100, cycles: 20, seconds: 320 },
      },
    },
    null,
    new Date(),
  ),
);

function legacyText(): string {
  const started = new Date();
  started.setHours(9, 0, 0, 0);
  return JSON.stringify({
    exportDate: new Date().toISOString(),
    breathMaster: {
      meditation: {
        totalXP: 500,
        currentStreak: 1,
        longestStreak: 4,
        todaySessionTime: 600_000,
        lastMeditationDate: started.toDateString(),
        totalMeditationTime: 3_600_000,
        sessionsToday: 1,
        sessions: [
          {
            id: 'a',
            startedAt: started.getTime(),
            endedAt: started.getTime() + 600_000,
            activeMs: 600_000,
            cycles: 40,
            finalXP: 120,
          },
        ],
      },
      onboarding: { hasSeenWelcome: true },
      version: '0.3.4',
    },
  });
}

/**
 * /import in a fresh profile where only the page's own origin answers: every other request is refused, and every
 * request and socket the page tries is recorded.
 */
async function openOffServer(): Promise<{ context: BrowserContext; page: Page; tried: string[] }> {
  const { appUrl } = e2eConfig();
  const own = new URL(appUrl).origin;
  const context = await browser.newContext({ viewport: desktop, serviceWorkers: 'block' });
  const tried: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    tried.push(url);
    return new URL(url).origin === own ? route.continue() : route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('websocket', (ws) => tried.push(ws.url()));
  // The app is pointed at the test stack as every other e2e page is, so a request to it would show here.
  await page.goto(withApi('/import'));
  return { context, page, tried };
}

describe('/import', () => {
  it('shows My Progress from an export file of either format with the server out of reach, asking it nothing', async () => {
    const { apiUrl, appUrl } = e2eConfig();
    const { context, page, tried } = await openOffServer();
    await page.getByRole('heading', { name: 'Progress from a file' }).waitFor();

    await page.getByLabel('Choose a file').setInputFiles({
      name: 'breath-master.json',
      mimeType: 'application/json',
      buffer: Buffer.from(exportText),
    });
    await expect.poll(() => page.getByTestId('total-xp').innerText()).toBe('450 XP');
    expect(await page.getByRole('heading', { name: /^Level 3 · / }).count()).toBe(1);
    await page.getByRole('img', { name: 'Activity calendar: 3 active days in the last year' }).waitFor();
    await page.getByRole('img', { name: /XP per day over the last 30 days, 450 XP in all/ }).waitFor();
    await snapshot(page, 'import-desktop', { fullPage: true });

    // Breath Master 0.3's export, dropped on the page.
    const dataTransfer = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'breath-master-0.3.json', { type: 'application/json' }));
      return dt;
    }, legacyText());
    await page.dispatchEvent('[data-testid="drop-zone"]', 'drop', { dataTransfer });
    await expect.poll(() => page.getByTestId('total-xp').innerText()).toBe('120 XP');
    expect(await page.getByTestId('unattributed').innerText()).toContain('Not shown: 380 XP and 50 minutes');
    await page.getByRole('img', { name: 'Activity calendar: 1 active days in the last year' }).waitFor();

    // The recording saw the page's own requests (so it works), and none to the API or anywhere else.
    expect(tried.some((url) => new URL(url).origin === new URL(appUrl).origin)).toBe(true);
    const api = new URL(apiUrl).host;
    expect(tried.filter((url) => new URL(url).host === api)).toEqual([]);
    expect(tried.filter((url) => new URL(url).origin !== new URL(appUrl).origin)).toEqual([]);
    await context.close();
  }, 60_000);
});

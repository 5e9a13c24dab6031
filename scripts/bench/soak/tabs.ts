import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ErrorLog } from './errors.ts';

// Browser tabs opening and closing the dashboard as people do: a new tab every so often, the oldest
// closed once a handful are open. Each tab must show the leaderboard and go live (the realtime
// badge); a page error or a failed request to the stack counts as an error.

const LOAD_TIMEOUT_MS = 30_000;

interface Tab {
  context: BrowserContext;
  page: Page;
}

export class Tabs {
  opened = 0;
  private readonly open: Tab[] = [];
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly browser: Browser,
    private readonly appUrl: string,
    private readonly apiUrl: string,
    private readonly errors: ErrorLog,
  ) {}

  start(everyMs: number, maxOpen: number): void {
    const tick = () => {
      // One tab at a time: a slow load delays the next one rather than piling up.
      this.current = this.current.then(() => this.cycle(maxOpen));
    };
    tick();
    this.timer = setInterval(tick, everyMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.current;
    await Promise.all(this.open.splice(0).map((tab) => this.close(tab)));
  }

  private async cycle(maxOpen: number): Promise<void> {
    if (this.open.length >= maxOpen) await this.close(this.open.shift() as Tab);
    try {
      await this.openTab();
    } catch (error) {
      this.errors.add('tab', error);
    }
  }

  private async openTab(): Promise<void> {
    // The service worker is blocked as in the dashboard's e2e (client-footprint/browser.ts says why).
    const context = await this.browser.newContext({ serviceWorkers: 'block' });
    const tab = { context, page: await context.newPage() };
    this.open.push(tab);
    const { page } = tab;
    page.on('pageerror', (error) => this.errors.add('tab page error', error));
    page.on('response', (response) => {
      if (response.url().startsWith(this.apiUrl) && response.status() >= 400)
        this.errors.add(
          'tab request',
          `${response.status()} ${response.request().method()} ${response.url()}`,
        );
    });
    await page.goto(this.appUrl, { waitUntil: 'load', timeout: LOAD_TIMEOUT_MS });
    await page.locator('tbody tr').first().waitFor({ timeout: LOAD_TIMEOUT_MS });
    await page.locator('[data-testid="live"][data-live="true"]').waitFor({ timeout: LOAD_TIMEOUT_MS });
    this.opened += 1;
  }

  private async close(tab: Tab): Promise<void> {
    try {
      await tab.context.close();
    } catch (error) {
      this.errors.add('tab close', error);
    }
  }
}

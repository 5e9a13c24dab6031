import type { Page } from 'playwright-core';
import { runCommand, webviewFrame } from './workbench.ts';

const panelTitle = 'Breath Master: My Progress';

/**
 * Opens "Show My Progress", returns the panel's text, and closes the panel again, so the next
 * read can only ever see a freshly rendered panel.
 */
export async function readProgressPanel(page: Page): Promise<string> {
  await runCommand(page, 'Breath Master: Show My Progress');
  const frame = await webviewFrame(page, 'My progress');
  await frame.locator('h1').waitFor({ timeout: 10_000 });
  return frame.locator('body').innerText();
}

export async function closeProgressPanel(page: Page): Promise<void> {
  const tab = page.locator('.tabs-container .tab').filter({ hasText: panelTitle });
  await tab.hover();
  await tab.locator('.codicon-close').click();
  await tab.waitFor({ state: 'detached', timeout: 10_000 });
}

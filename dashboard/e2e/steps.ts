import type { Page } from 'playwright-core';
import { snapshot } from './browser.ts';

/** One physiological sigh (9 s): the shortest built-in cycle, 2 XP. */
export async function breatheOneSigh(page: Page, shoot?: string): Promise<void> {
  await page.getByLabel('Pattern').selectOption('sigh');
  await page.getByText('Until I stop').click();
  await page.getByRole('button', { name: 'Start' }).click();
  await page.getByTestId('phase').filter({ hasText: 'Breathe in' }).waitFor();
  if (shoot) {
    await page.waitForTimeout(1_500);
    await snapshot(page, shoot);
  }
  await page.getByTestId('cycles').filter({ hasText: '1 cycle completed' }).waitFor({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Finish' }).click();
  await page.getByTestId('summary').filter({ hasText: '+2 XP' }).waitFor();
}

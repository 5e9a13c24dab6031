import type { Page } from 'playwright-core';
import { expect } from 'vitest';
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

/**
 * Heights of the XP chart's bars once their grow-in animation is over: two equal readings in a row,
 * not all zero (a slow machine can read the bars twice before the animation has moved them at all).
 * For a chart with some XP in it.
 */
export async function settledBarHeights(page: Page): Promise<number[]> {
  const read = () =>
    page
      .locator('.recharts-bar-rectangle')
      .evaluateAll((bars) => bars.map((bar) => Math.round(bar.getBoundingClientRect().height)));
  let previous = '';
  let heights: number[] = [];
  await expect
    .poll(
      async () => {
        heights = await read();
        const settled = heights.some((h) => h > 0) && heights.join() === previous;
        previous = heights.join();
        return settled;
      },
      { timeout: 15_000, interval: 250 },
    )
    .toBe(true);
  return heights;
}

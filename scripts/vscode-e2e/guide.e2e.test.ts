// The breathing guide in the status bar of a real VS Code: idle after start-up, started from the
// status bar and from the command palette, pacing the chosen pattern on time, and stopped.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Editor, startEditor } from './editor.ts';
import { screenshotOnFailure } from './failure-screenshots.ts';
import {
  guideItem,
  guideText,
  pickQuickItem,
  readGuideTexts,
  recordGuideTexts,
  runCommand,
  screenshot,
} from './workbench.ts';

/** Milliseconds between consecutive phase starts. */
function gaps(starts: { t: number }[]): number[] {
  return starts.slice(1).map((s, i) => s.t - (starts[i]?.t ?? s.t));
}

/** Start times (ms, page clock) of each phase seen, in order, from a recorded text log. */
function phaseStarts(log: { t: number; text: string }[]): { phase: string; t: number }[] {
  const starts: { phase: string; t: number }[] = [];
  for (const { t, text } of log) {
    const phase = /(Breathe in|Hold|Breathe out|Rest)/.exec(text)?.[1];
    if (phase && starts.at(-1)?.phase !== phase) starts.push({ phase, t });
  }
  return starts;
}

/**
 * Waits until the recorded log holds `count` phase starts (or the phases seen differ from the
 * expected ones), however long the editor took to act on the click or command. A fixed window
 * after the click would also count the time the command spends reaching the extension host,
 * which on a busy machine is seconds, and cut off the last phase.
 */
async function waitForPhaseStarts(page: Page, expected: string[]): Promise<{ t: number; text: string }[]> {
  await expect
    .poll(
      async () => {
        const seen = phaseStarts(await readGuideTexts(page)).map((s) => s.phase);
        return seen.length >= expected.length || seen.some((phase, i) => phase !== expected[i]);
      },
      { timeout: 30_000, interval: 200 },
    )
    .toBe(true);
  return readGuideTexts(page);
}

describe('the breathing guide', () => {
  let editor: Editor;

  beforeAll(async () => {
    editor = await startEditor({
      name: 'guide',
      codeServerBin: inject('codeServerBin'),
      vsix: inject('vsix'),
      settings: { 'breathMaster.pattern': 'box' },
    });
  });
  screenshotOnFailure(() => editor);
  afterAll(async () => {
    await editor?.close();
  });

  it('shows the idle guide in the status bar after start-up', async () => {
    const item = guideItem(editor.page);
    await item.waitFor({ timeout: 60_000 });
    await expect.poll(() => guideText(editor.page)).toBe('Breathe');
    expect(await item.locator('.codicon-pulse').count()).toBe(1);
    expect(await item.getAttribute('aria-label')).toBe('Start a guided breathing break');
    await screenshot(editor.page, 'guide-1-idle');
  });

  it('starts from a status bar click and paces box breathing: in 4, hold 4, out 4', async () => {
    const stop = await recordGuideTexts(editor.page);
    await guideItem(editor.page).click();
    await expect.poll(() => guideText(editor.page)).toMatch(/^Breathe in/);
    await screenshot(editor.page, 'guide-2-breathing-in');
    await waitForPhaseStarts(editor.page, ['Breathe in', 'Hold', 'Breathe out']);
    const log = await stop();
    const starts = phaseStarts(log);
    expect(starts.map((s) => s.phase)).toEqual(['Breathe in', 'Hold', 'Breathe out']);
    // Each phase lasts its 4 seconds. The bounds leave room for a busy two-core machine delaying
    // one redraw by a few hundred milliseconds; a skipped or mis-timed phase is seconds off.
    for (const gap of gaps(starts)) {
      expect(gap).toBeGreaterThan(3500);
      expect(gap).toBeLessThan(4600);
    }
    // The countdown inside a phase: "Breathe in 4", 3, 2, 1.
    const inhaleTexts = log.filter((e) => e.text.startsWith('Breathe in')).map((e) => e.text);
    expect(inhaleTexts).toEqual(['Breathe in 4', 'Breathe in 3', 'Breathe in 2', 'Breathe in 1']);
  });

  it('stops from the command palette and returns to idle', async () => {
    await runCommand(editor.page, 'Breath Master: Stop Breathing');
    await expect.poll(() => guideText(editor.page)).toBe('Breathe');
    await screenshot(editor.page, 'guide-3-stopped');
  });

  it('starts from the palette with the pattern chosen in the palette (calm: in 4, out 6)', async () => {
    await runCommand(editor.page, 'Breath Master: Choose Breathing Pattern');
    await editor.page.locator('.quick-input-list .monaco-list-row').filter({ hasText: /^Calm/ }).waitFor();
    await screenshot(editor.page, 'guide-4-choose-pattern');
    await pickQuickItem(editor.page, /^Calm/);
    const stop = await recordGuideTexts(editor.page);
    await runCommand(editor.page, 'Breath Master: Start Breathing');
    await waitForPhaseStarts(editor.page, ['Breathe in', 'Breathe out', 'Breathe in']);
    const starts = phaseStarts(await stop());
    expect(starts.map((s) => s.phase)).toEqual(['Breathe in', 'Breathe out', 'Breathe in']);
    const [inhale = 0, exhale = 0] = gaps(starts);
    expect(inhale).toBeGreaterThan(3500);
    expect(inhale).toBeLessThan(4600);
    expect(exhale).toBeGreaterThan(5500);
    expect(exhale).toBeLessThan(6600);
  });

  it('stops from a status bar click', async () => {
    await guideItem(editor.page).click();
    await expect.poll(() => guideText(editor.page)).toBe('Breathe');
  });
});

// A finished session earns XP and announces a level-up; "Show My Progress" shows level, streak
// and today's breaths; a reload of the window keeps all of it.
//
// The extension has no import path for progress, so the test starts from the record the first
// release of the extension (record version 1) would have left in VS Code's storage, which the
// current one migrates on start: two active days (yesterday and the day before, 49 XP each),
// 2 XP short of level 2 (100 XP). A custom 2 s in / 2 s out pattern earns
// 1 XP per breath, so two breaths cross the threshold.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDay } from './days.ts';
import { type Editor, readGlobalState, startEditor } from './editor.ts';
import { screenshotOnFailure } from './failure-screenshots.ts';
import { closeProgressPanel, readProgressPanel } from './progress-panel.ts';
import {
  breatheFullCycles,
  guideItem,
  notificationTexts,
  screenshot,
  waitForNotification,
} from './workbench.ts';

const day = (xp: number, cycles: number, seconds: number) => ({ xp, cycles, seconds, bonus: true });

describe('progress in the editor', () => {
  let editor: Editor;
  const today = localDay(0);

  beforeAll(async () => {
    editor = await startEditor({
      name: 'progress',
      codeServerBin: inject('codeServerBin'),
      vsix: inject('vsix'),
      settings: {
        'breathMaster.pattern': 'custom',
        'breathMaster.customPattern': [
          { kind: 'inhale', seconds: 2 },
          { kind: 'exhale', seconds: 2 },
        ],
      },
      seedState: {
        'breathMaster.progress': {
          version: 1,
          days: { [localDay(-2)]: day(49, 40, 200), [localDay(-1)]: day(49, 40, 200) },
          patternsUsed: ['box'],
          recentSessionDays: [localDay(-2), localDay(-1)],
        },
      },
    });
    await guideItem(editor.page).waitFor({ timeout: 60_000 });
  });
  screenshotOnFailure(() => editor);
  afterAll(async () => {
    await editor?.close();
  });

  it('reads the earlier progress: the idle tooltip names level 1 and a 2-day streak', async () => {
    await expect
      .poll(() => guideItem(editor.page).getAttribute('aria-label'))
      .toBe('Start a guided breathing break');
    await guideItem(editor.page).hover();
    const hover = editor.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Level 1' });
    await hover.first().waitFor({ timeout: 10_000 });
    expect(await hover.first().innerText()).toContain('Level 1 Novice Breather · 2-day streak');
    await screenshot(editor.page, 'progress-1-idle-tooltip');
    await editor.page.mouse.move(600, 300);
  });

  it('a finished session of two breaths awards XP and shows the level-up notification', async () => {
    // Two full 4-second cycles, stopped as the third begins.
    await breatheFullCycles(editor.page, 2);
    await waitForNotification(editor.page, 'Level 2: Novice Breather. Well breathed.');
    await screenshot(editor.page, 'progress-2-level-up');
    const texts = await notificationTexts(editor.page);
    expect(texts).toContain('Achievement unlocked: Your Own Rhythm');
    // Saved in VS Code's storage (now as the current record version): 2 XP and 2 breaths today.
    await expect
      .poll(async () => {
        const state = await readGlobalState(editor.page);
        const record = state['breathMaster.progress'] as { deviceDays?: Record<string, unknown> } | undefined;
        return record?.deviceDays?.[today];
      })
      .toMatchObject({ xp: 2, cycles: 2 });
  });

  it('"Show My Progress" shows the level, the streak and today\'s breaths', async () => {
    const body = await readProgressPanel(editor.page);
    expect(body).toContain('Level 2 · Novice Breather');
    expect(body).toContain('100 XP · 200 XP to level 3');
    expect(body).toMatch(/Breaths\s+2\b/);
    expect(body).toMatch(/Streak\s+2 days \(longest 2\)/);
    expect(body).toMatch(/All time\s+82 breaths/);
    expect(body).toContain('Sync off: everything stays on this machine.');
    await screenshot(editor.page, 'progress-3-panel');
    await closeProgressPanel(editor.page);
  });

  it('a reload of the window keeps local progress', async () => {
    await editor.reload();
    await guideItem(editor.page).waitFor({ timeout: 60_000 });
    const body = await readProgressPanel(editor.page);
    expect(body).toContain('Level 2 · Novice Breather');
    expect(body).toMatch(/Breaths\s+2\b/);
    await screenshot(editor.page, 'progress-4-after-reload');
  });
});

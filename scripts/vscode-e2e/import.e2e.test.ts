// "Breath Master: Import My Data" in a real editor: an export file picked in VS Code's own open dialog, the modal
// that says what it holds, the merge into the progress VS Code stores, the same file again changing nothing, a
// Breath Master 0.3 export (days rebuilt from its sessions), and a file that is not an export refused.
// Also 0.3's pattern names in the pattern picker.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExportDocument, emptyProgress } from '@breath-master/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localDay } from './days.ts';
import { type Editor, readGlobalState, startEditor } from './editor.ts';
import { screenshotOnFailure } from './failure-screenshots.ts';
import {
  clearNotifications,
  clickModalButton,
  guideItem,
  modalText,
  pickQuickItem,
  runCommand,
  screenshot,
  waitForNotification,
} from './workbench.ts';

type StoredDays = Record<string, { xp: number; cycles: number; seconds: number }>;

async function storedDays(editor: Editor): Promise<StoredDays | undefined> {
  const state = await readGlobalState(editor.page);
  return (state['breathMaster.progress'] as { deviceDays?: StoredDays } | undefined)?.deviceDays;
}

/** Runs the command, picks "From a file" and types the path into VS Code's open dialog. */
async function importFile(editor: Editor, path: string): Promise<void> {
  await runCommand(editor.page, 'Breath Master: Import My Data');
  await pickQuickItem(editor.page, 'From a file');
  // In the browser VS Code opens files through its own dialog: a quick input holding a path.
  const input = editor.page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await expect.poll(() => input.inputValue(), { timeout: 15_000 }).toMatch(/\/$/);
  await input.fill(path);
  await editor.page.keyboard.press('Enter');
}

describe('importing progress in the editor', () => {
  let editor: Editor;
  const days: StoredDays = {
    [localDay(-2)]: { xp: 150, cycles: 30, seconds: 480 },
    [localDay(-1)]: { xp: 200, cycles: 40, seconds: 640 },
    [localDay(0)]: { xp: 100, cycles: 20, seconds: 320 },
  };

  beforeAll(async () => {
    editor = await startEditor({
      name: 'import',
      codeServerBin: inject('codeServerBin'),
      vsix: inject('vsix'),
    });
    await guideItem(editor.page).waitFor({ timeout: 60_000 });
    const doc = buildExportDocument({ ...emptyProgress(), deviceDays: days }, null, new Date());
    writeFileSync(join(editor.workspace, 'export.json'), JSON.stringify(doc));
    const started = new Date();
    started.setDate(started.getDate() - 5);
    started.setHours(9, 0, 0, 0);
    writeFileSync(
      join(editor.workspace, 'breath-master-0.3.json'),
      JSON.stringify({
        exportDate: new Date().toISOString(),
        breathMaster: {
          meditation: {
            totalXP: 500,
            currentStreak: 0,
            longestStreak: 4,
            todaySessionTime: 0,
            lastMeditationDate: started.toDateString(),
            totalMeditationTime: 3_600_000,
            sessionsToday: 0,
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
      }),
    );
    writeFileSync(join(editor.workspace, 'notes.json'), '{ "todo": ["breathe"] }');
  });
  screenshotOnFailure(() => editor);
  afterAll(async () => {
    await editor?.close();
  });

  it('shows what an export holds in a modal, then merges it into local progress', async () => {
    await importFile(editor, join(editor.workspace, 'export.json'));
    const ask = await modalText(editor.page);
    expect(ask.message).toBe('Import 3 days and 450 XP?');
    expect(ask.detail).toContain('The file holds 3 days: 450 XP, 90 cycles, 24 minutes.');
    expect(ask.detail).toContain('This editor gains 3 new days and 450 XP.');
    await screenshot(editor.page, 'import-1-modal');
    await clickModalButton(editor.page, 'Import');
    await waitForNotification(editor.page, 'Imported 450 XP (3 new days).');
    await expect.poll(() => storedDays(editor), { timeout: 10_000 }).toEqual(days);
    await clearNotifications(editor.page);
  });

  it('the same file again changes nothing', async () => {
    await importFile(editor, join(editor.workspace, 'export.json'));
    await waitForNotification(editor.page, 'Nothing to import: this editor already holds everything in it.');
    expect(await storedDays(editor)).toEqual(days);
    await clearNotifications(editor.page);
  });

  it("rebuilds days from Breath Master 0.3's sessions and says what no day holds", async () => {
    await importFile(editor, join(editor.workspace, 'breath-master-0.3.json'));
    const ask = await modalText(editor.page);
    expect(ask.message).toBe('Import 1 day and 120 XP?');
    expect(ask.detail).toContain('Exported by Breath Master 0.3.4');
    expect(ask.detail).toContain('Not imported: 380 XP and 50 minutes');
    await screenshot(editor.page, 'import-2-legacy-modal');
    await clickModalButton(editor.page, 'Import');
    await waitForNotification(editor.page, 'Imported 120 XP (1 new day).');
    await expect
      .poll(async () => (await storedDays(editor))?.[localDay(-5)], { timeout: 10_000 })
      .toEqual({ xp: 120, cycles: 40, seconds: 600 });
    await clearNotifications(editor.page);
  });

  it('refuses a file that is not an export and changes nothing', async () => {
    const before = await storedDays(editor);
    await importFile(editor, join(editor.workspace, 'notes.json'));
    await waitForNotification(editor.page, 'Nothing was imported. This is not a Breath Master export.');
    await screenshot(editor.page, 'import-3-refused');
    expect(await storedDays(editor)).toEqual(before);
    await clearNotifications(editor.page);
  });

  it("finds 0.3's pattern names in the picker", async () => {
    await runCommand(editor.page, 'Breath Master: Choose Breathing Pattern');
    const input = editor.page.locator('.quick-input-widget input.input');
    await input.fill('Boxing');
    const rows = editor.page.locator('.quick-input-list .monaco-list-row');
    await expect.poll(() => rows.allInnerTexts()).toEqual([expect.stringContaining('Box (Boxing)')]);
    await input.fill('Chill');
    await pickQuickItem(editor.page, 'Chill');
    await runCommand(editor.page, 'Breath Master: Start Breathing');
    await guideItem(editor.page).hover();
    await screenshot(editor.page, 'import-4-chill');
    await runCommand(editor.page, 'Breath Master: Stop Breathing');
  });
});

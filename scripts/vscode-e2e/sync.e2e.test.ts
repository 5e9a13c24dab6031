// Sync from a real VS Code to the local Supabase stack: consent first, then the session's totals
// on the server, the public leaderboard and the dashboard; linking a second device by the code the editor shows;
// a server that cannot be reached costs no error dialogs and the totals arrive once it is back;
// deleting synced data empties the server and keeps local progress.
import { createSyncClient } from '@breath-master/sync/client';
import { memoryStorage } from '@breath-master/sync/storage';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestDashboard, type TestDashboard } from './dashboard-build.ts';
import { localDay } from './days.ts';
import { type Editor, readGlobalState, startEditor } from './editor.ts';
import { screenshotOnFailure } from './failure-screenshots.ts';
import { freePort } from './ports.ts';
import { closeProgressPanel, readProgressPanel } from './progress-panel.ts';
import { countRows, publicClient, serverDays, startStack, type TestStack } from './stack.ts';
import {
  breatheFullCycles,
  clickModalButton,
  guideItem,
  guideText,
  modalText,
  pickQuickItem,
  runCommand,
  screenshot,
  waitForNotification,
} from './workbench.ts';

interface LastStats {
  player_id: string;
  handle: string;
  total_xp: number;
  device_count: number;
}

const pattern = {
  'breathMaster.pattern': 'custom',
  'breathMaster.customPattern': [
    { kind: 'inhale', seconds: 2 },
    { kind: 'exhale', seconds: 2 },
  ],
};

/** Two breaths of the 4-second custom pattern: 2 XP, 2 cycles, about 8 seconds. */
async function breatheTwice(page: Page): Promise<void> {
  await breatheFullCycles(page, 2);
  await expect.poll(() => guideText(page)).toBe('Breathe');
}

async function lastStats(page: Page): Promise<LastStats | undefined> {
  return (await readGlobalState(page))['breathMaster.sync.lastStats'] as LastStats | undefined;
}

/** Error and warning toasts on screen (information toasts such as achievements are fine). */
function problemToasts(page: Page) {
  return page
    .locator('.notifications-toasts .notification-toast')
    .filter({ has: page.locator('.codicon-error, .codicon-warning') });
}

describe('sync from the editor', () => {
  let stack: TestStack;
  let editor: Editor;
  let playerId = '';
  let dashboard: Promise<TestDashboard>;
  const today = localDay(0);

  beforeAll(async () => {
    // Built while the editor starts; awaited where the board is checked.
    dashboard = startTestDashboard();
    // A failed build fails the test that awaits it; until then it must not count as unhandled.
    dashboard.catch(() => {});
    stack = await startStack();
    editor = await startEditor({
      name: 'sync',
      codeServerBin: inject('codeServerBin'),
      vsix: inject('vsix'),
      settings: {
        ...pattern,
        'breathMaster.sync.serverUrl': stack.apiUrl,
        'breathMaster.sync.anonKey': stack.anonKey,
      },
    });
    await guideItem(editor.page).waitFor({ timeout: 60_000 });
  });
  screenshotOnFailure(() => editor);
  afterAll(async () => {
    await editor?.close();
    await stack?.stop();
    await (await dashboard?.catch(() => null))?.close();
  });

  it('a session with sync off sends nothing', async () => {
    await breatheTwice(editor.page);
    const { data } = await publicClient(stack).rpc('get_global_stats');
    expect(data).toMatchObject({ players: 0 });
  });

  it('"Enable Sync" first explains what is sent; cancelling keeps sync off, accepting turns it on', async () => {
    await runCommand(editor.page, 'Breath Master: Enable Sync');
    await modalText(editor.page);
    await clickModalButton(editor.page, 'Cancel');
    await editor.page.waitForTimeout(2000);
    expect(await lastStats(editor.page)).toBeUndefined();
    expect((await publicClient(stack).rpc('get_global_stats')).data).toMatchObject({ players: 0 });

    await runCommand(editor.page, 'Breath Master: Enable Sync');
    const { message, detail } = await modalText(editor.page);
    expect(message).toBe('Sync your breathing progress?');
    expect(detail).toContain('What is sent: an anonymous id made for this device');
    expect(detail).toContain('What never leaves this machine');
    await screenshot(editor.page, 'sync-1-consent');
    await clickModalButton(editor.page, 'Enable Sync');
  });

  it("after accepting, the session's progress reaches the server and the leaderboard", async () => {
    await breatheTwice(editor.page);
    await expect.poll(() => lastStats(editor.page), { timeout: 20_000 }).toBeDefined();
    playerId = ((await lastStats(editor.page)) as LastStats).player_id;
    // Both sessions of today (the one before sync was on, too): 4 XP, 4 breaths.
    await expect
      .poll(async () => (await serverDays(stack, playerId))[today], { timeout: 20_000 })
      .toMatchObject({ xp: 4, cycles: 4 });
    await expect.poll(async () => (await lastStats(editor.page))?.total_xp, { timeout: 10_000 }).toBe(4);
    const stats = (await lastStats(editor.page)) as LastStats;
    const { data: board, error } = await publicClient(stack).rpc('get_leaderboard', { scope: 'all_time' });
    expect(error).toBeNull();
    expect(board).toContainEqual(expect.objectContaining({ handle: stats.handle, total_xp: 4, level: 1 }));
    expect(await readProgressPanel(editor.page)).toContain(`Sync on as ${stats.handle} (up to date).`);
    await screenshot(editor.page, 'sync-2-progress-synced');
    await closeProgressPanel(editor.page);
    await expectOnDashboardBoard(stats);
  });

  /** The web dashboard, built from this source and pointed at this stack, lists the player. */
  async function expectOnDashboardBoard(stats: LastStats): Promise<void> {
    const page = await editor.context.newPage();
    try {
      await page.goto((await dashboard).url(stack.apiUrl));
      const row = page.locator(`tr[data-player="${stats.player_id}"]`);
      await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain(stats.handle);
      expect(await row.innerText()).toMatch(/\b4\b/);
      await screenshot(page, 'sync-2b-dashboard-board');
    } finally {
      await page.close();
    }
  }

  it('linking: the code shown in the editor, redeemed by a second device, merges both', async () => {
    const other = createSyncClient({
      url: stack.apiUrl,
      anonKey: stack.anonKey,
      storage: memoryStorage(),
      deviceKind: 'web',
    });
    const before = await other.push([{ day: today, xp: 5, cycles: 2, seconds: 30 }], today);
    expect(before.player_id).not.toBe(playerId);

    await runCommand(editor.page, 'Breath Master: Link Another Device');
    await pickQuickItem(editor.page, 'Show a code for another device');
    const toast = await waitForNotification(editor.page, /Your pairing code is/);
    await screenshot(editor.page, 'sync-3-pairing-code');
    const code = /pairing code is ([A-Z0-9-]+)\./.exec(await toast.innerText())?.[1];
    expect(code).toMatch(/^[A-Z0-9]{8}$/);

    const joined = await other.redeemPairingCode(code as string);
    expect(joined.player_id).toBe(playerId);
    expect(joined.total_xp).toBe(4 + 5);
    expect(joined.device_count).toBe(2);
    expect(await countRows(stack, 'player_devices', 'player_id', playerId)).toBe(2);
    // The second device's own player is gone; its day now counts for the joined player.
    expect(await countRows(stack, 'players', 'id', before.player_id)).toBe(0);
    expect((await serverDays(stack, playerId))[today]).toMatchObject({ xp: 9, cycles: 6 });
  });

  it('a server that cannot be reached shows no error, and the session syncs once it is back', async () => {
    const closed = await freePort();
    const settings = {
      ...pattern,
      'breathMaster.sync.enabled': true,
      'breathMaster.sync.anonKey': stack.anonKey,
    };
    await editor.setSettings({ ...settings, 'breathMaster.sync.serverUrl': `http://127.0.0.1:${closed}` });
    await breatheTwice(editor.page);
    // Give the failed push and a retry time to surface anything.
    await editor.page.waitForTimeout(6000);
    await screenshot(editor.page, 'sync-4-server-down');
    expect(await problemToasts(editor.page).count()).toBe(0);
    expect(await editor.page.locator('.monaco-dialog-box').count()).toBe(0);
    expect((await serverDays(stack, playerId))[today]).toMatchObject({ xp: 9 });
    expect(await readProgressPanel(editor.page)).toContain('(changes waiting to be sent)');
    await screenshot(editor.page, 'sync-4b-waiting');
    await closeProgressPanel(editor.page);

    // The server is reachable again.
    await editor.setSettings({ ...settings, 'breathMaster.sync.serverUrl': stack.apiUrl });
    const backAt = Date.now();
    await expect
      .poll(async () => (await serverDays(stack, playerId))[today]?.xp, { timeout: 60_000, interval: 1000 })
      .toBe(11);
    // The extension re-targets sync and pushes what is waiting on its 30-second schedule.
    console.log(`the waiting session reached the server ${Date.now() - backAt} ms after it was back`);
    expect(await problemToasts(editor.page).count()).toBe(0);
  });

  it("a window reload keeps the device's sync identity: the next session adds to the same player", async () => {
    await editor.reload();
    await guideItem(editor.page).waitFor({ timeout: 60_000 });
    await breatheTwice(editor.page);
    await expect
      .poll(async () => (await serverDays(stack, playerId))[today]?.xp, { timeout: 20_000 })
      .toBe(13);
    expect(await countRows(stack, 'player_devices', 'player_id', playerId)).toBe(2);
    expect((await publicClient(stack).rpc('get_global_stats')).data).toMatchObject({ players: 1 });
  });

  it('"Delete My Synced Data" empties the server and keeps local progress', async () => {
    // VS Code writes globalState to the browser's storage a moment after the extension sets it:
    // wait for today's 8 breaths to be stored before taking the picture to compare with.
    const storedToday = async () => {
      const record = (await readGlobalState(editor.page))['breathMaster.progress'] as
        | { deviceDays?: Record<string, { cycles: number }> }
        | undefined;
      return record?.deviceDays?.[today]?.cycles;
    };
    await expect.poll(storedToday, { timeout: 10_000 }).toBe(8);
    const localBefore = (await readGlobalState(editor.page))['breathMaster.progress'];
    await runCommand(editor.page, 'Breath Master: Delete My Synced Data');
    const { message } = await modalText(editor.page);
    expect(message).toBe('Delete everything the sync server holds about you?');
    await screenshot(editor.page, 'sync-5-delete-confirm');
    await clickModalButton(editor.page, 'Delete Synced Data');
    await waitForNotification(editor.page, 'Your synced data is deleted and sync is off.');
    await screenshot(editor.page, 'sync-6-deleted');
    expect(await countRows(stack, 'players', 'id', playerId)).toBe(0);
    expect(await countRows(stack, 'player_devices', 'player_id', playerId)).toBe(0);
    expect(await countRows(stack, 'daily_progress', 'player_id', playerId)).toBe(0);
    const { data: board } = await publicClient(stack).rpc('get_leaderboard', { scope: 'all_time' });
    expect(board).toEqual([]);
    await editor.page.waitForTimeout(2000);
    expect((await readGlobalState(editor.page))['breathMaster.progress']).toEqual(localBefore);
    const body = await readProgressPanel(editor.page);
    expect(body).toMatch(/Breaths\s+8\b/);
    expect(body).toContain('Sync off');
  });
});

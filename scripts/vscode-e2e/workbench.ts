// Drives the VS Code workbench that code-server serves, the way a person does: the command
// palette, status bar items, notifications and modal dialogs. Selectors are VS Code's own
// class names (stable across 1.9x releases).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Frame, type Locator, type Page } from 'playwright-core';
import { repoRoot } from './install-code-server.ts';

export const artifactsDir = join(repoRoot, 'test-artifacts', 'vscode');

export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumFlags, headless: true });
}

/** Opens the folder in the editor and waits until the workbench has drawn its status bar. */
export async function openWorkbench(page: Page, url: string, folder: string): Promise<void> {
  await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
  await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
}

export function statusItem(page: Page, text: string | RegExp): Locator {
  return page.locator('#workbench\\.parts\\.statusbar .statusbar-item').filter({ hasText: text });
}

/** The Breath Master status item, found by its accessible name (the extension names it). */
export function guideItem(page: Page): Locator {
  return page.locator('#workbench\\.parts\\.statusbar .statusbar-item[id$="breathMaster.guide"]');
}

/** F1, the command's title, Enter: exactly what a person types. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5000 });
      break;
    } catch {
      // The workbench can miss a key press while it is still restoring; press again.
    }
  }
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Picks a row in an open quick pick by its label. */
export async function pickQuickItem(page: Page, label: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

export function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
}

/** Waits for a toast and for its slide-in to finish (so a screenshot shows it whole). */
export async function waitForNotification(
  page: Page,
  text: string | RegExp,
  timeoutMs = 20_000,
): Promise<Locator> {
  const toast = notification(page, text);
  await toast.first().waitFor({ timeout: timeoutMs });
  await page.waitForTimeout(400);
  return toast.first();
}

/** Every toast's message text currently on screen. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page
    .locator('.notifications-toasts .notification-toast .notification-list-item-message')
    .allInnerTexts();
}

export async function clickNotificationButton(
  page: Page,
  text: string | RegExp,
  button: string,
): Promise<void> {
  await notification(page, text).locator('.monaco-button').filter({ hasText: button }).first().click();
}

/** Closes every toast, so the next step's notifications are the only ones on screen. */
export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page
    .locator('.notifications-toasts .notification-toast')
    .first()
    .waitFor({ state: 'detached', timeout: 5000 })
    .catch(() => undefined);
}

export function modalDialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

export async function modalText(page: Page): Promise<{ message: string; detail: string }> {
  const dialog = modalDialog(page);
  await dialog.waitFor({ timeout: 15_000 });
  return {
    message: await dialog.locator('.dialog-message-text').innerText(),
    detail: await dialog.locator('.dialog-message-detail').innerText(),
  };
}

export async function clickModalButton(page: Page, label: string): Promise<void> {
  await modalDialog(page)
    .locator('.dialog-buttons .monaco-button')
    .filter({ hasText: label })
    .first()
    .click();
  await modalDialog(page).waitFor({ state: 'detached', timeout: 10_000 });
}

/** The document inside a webview panel, found by its HTML <title> (VS Code nests it two frames deep). */
export async function webviewFrame(page: Page, documentTitle: string, timeoutMs = 15_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame() || !frame.url().includes('/webview/')) continue;
      const title = await frame.title().catch(() => '');
      if (title === documentTitle) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview with the title "${documentTitle}" appeared`);
}

/**
 * Records every text the guide item shows, with the page's clock, until stopped. A mutation
 * observer in the page notes each change as the DOM changes, so the timing does not depend on
 * round trips to the test or on a sampling interval.
 */
export async function recordGuideTexts(page: Page): Promise<() => Promise<{ t: number; text: string }[]>> {
  await page.evaluate(() => {
    const w = window as unknown as {
      __guideLog?: { t: number; text: string }[];
      __guideObserver?: MutationObserver;
    };
    const log: { t: number; text: string }[] = [];
    const note = () => {
      const el = document.querySelector(
        '#workbench\\.parts\\.statusbar .statusbar-item[id$="breathMaster.guide"]',
      );
      const text = (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (log.at(-1)?.text !== text) log.push({ t: performance.now(), text });
    };
    w.__guideLog = log;
    w.__guideObserver = new MutationObserver(note);
    const bar = document.querySelector('#workbench\\.parts\\.statusbar');
    if (bar)
      w.__guideObserver.observe(bar, {
        subtree: true,
        childList: true,
        characterData: true,
        attributes: true,
      });
    note();
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as {
        __guideLog?: { t: number; text: string }[];
        __guideObserver?: MutationObserver;
      };
      w.__guideObserver?.disconnect();
      return w.__guideLog ?? [];
    });
}

/**
 * A session of exactly `cycles` breaths: started from the palette, stopped with a click on the status
 * item once the guide begins breath `cycles + 1` (seen in the page, on its own clock). A fixed wait
 * after the start command would also hold the time the command took to reach the extension host, and
 * a stop through the palette takes seconds more on a busy machine: together enough for another breath.
 */
export async function breatheFullCycles(page: Page, cycles: number): Promise<void> {
  const stop = await recordGuideTexts(page);
  try {
    await runCommand(page, 'Breath Master: Start Breathing');
    await page.waitForFunction(
      (wanted) => {
        const log = (window as unknown as { __guideLog?: { text: string }[] }).__guideLog ?? [];
        let inhales = 0;
        let previous = '';
        for (const { text } of log) {
          const phase = /(Breathe in|Hold|Breathe out|Rest)/.exec(text)?.[1];
          if (!phase || phase === previous) continue;
          if (phase === 'Breathe in') inhales += 1;
          previous = phase;
        }
        return inhales > wanted;
      },
      cycles,
      { timeout: 30_000 + cycles * 20_000, polling: 100 },
    );
    await guideItem(page).click();
  } finally {
    await stop();
  }
}

/** What the recorder of recordGuideTexts has noted so far, without stopping it. */
export function readGuideTexts(page: Page): Promise<{ t: number; text: string }[]> {
  return page.evaluate(() => [
    ...((window as unknown as { __guideLog?: { t: number; text: string }[] }).__guideLog ?? []),
  ]);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const file = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** The guide item's visible text, without the codicon's spacing. */
export async function guideText(page: Page): Promise<string> {
  return (await guideItem(page).innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * Replaces the user settings the way a person does: "Preferences: Open User Settings (JSON)",
 * new content, save, close. (code-server does not pick up a settings file rewritten behind its
 * back, so running windows are changed through the editor.)
 */
export async function editUserSettings(page: Page, settings: Record<string, unknown>): Promise<void> {
  await runCommand(page, 'Preferences: Open User Settings (JSON)');
  const editor = page.locator('.editor-instance .monaco-editor').filter({ has: page.locator('.view-lines') });
  await editor.first().waitFor({ timeout: 15_000 });
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // One line in one insertion: no auto-indent; whatever auto-closing added after the cursor goes.
  await page.keyboard.insertText(JSON.stringify(settings));
  await page.keyboard.press('Shift+Control+End');
  await page.keyboard.press('Delete');
  await page.keyboard.press('Control+S');
  await page.locator('.tab.active.dirty').waitFor({ state: 'detached', timeout: 10_000 });
  await runCommand(page, 'View: Close Editor');
}

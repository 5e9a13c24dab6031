// One editor for a test file: a fresh code-server (own port, user data and extensions folders,
// the packaged extension installed) and a fresh Chromium whose page has the workspace open.
// close() ends both by process id and removes the folders, whatever state the test left.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  type EditorDirs,
  installExtension,
  type RunningCodeServer,
  startCodeServer,
  writeUserSettings,
} from './code-server.ts';
import { freePort } from './ports.ts';
import { artifactsDir, editUserSettings, launchChromium, openWorkbench } from './workbench.ts';

/** The id VS Code gives the extension (publisher.name); its globalState is stored under it. */
export const extensionId = 'breath-master.breath-master';

/** Quiet, predictable workbench: no welcome page, tips, telemetry notice or update checks. */
export const quietWorkbench: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.enableExperiments': false,
};

export interface EditorOptions {
  readonly name: string;
  readonly codeServerBin: string;
  /** The .vsix to install; none gives a plain editor (the benchmark's baseline). */
  readonly vsix: string | null;
  readonly settings?: Record<string, unknown>;
  /**
   * The extension's globalState as a previous run of the extension left it, written into the
   * browser's storage before the workbench first loads (VS Code for the web keeps globalState
   * in IndexedDB).
   */
  readonly seedState?: Record<string, unknown>;
}

export interface Editor {
  readonly page: Page;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly server: RunningCodeServer;
  readonly dirs: EditorDirs;
  readonly workspace: string;
  /** Replaces the user settings through the open window's settings editor (see editUserSettings). */
  setSettings(settings: Record<string, unknown>): Promise<void>;
  /** Reloads the window (the page) and waits for the workbench. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

async function seedGlobalState(page: Page, url: string, state: Record<string, unknown>): Promise<void> {
  // Any page of the same origin shares the workbench's IndexedDB; /healthz loads no workbench
  // that could overwrite the seed.
  await page.goto(`${url}/healthz`);
  await page.evaluate(
    async ({ key, value }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('vscode-web-state-db-global');
        open.onupgradeneeded = () => open.result.createObjectStore('ItemTable');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('ItemTable', 'readwrite');
        tx.objectStore('ItemTable').put(value, key);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { key: extensionId, value: JSON.stringify(state) },
  );
}

/** The extension's globalState as VS Code has stored it in the browser (after its debounce). */
export async function readGlobalState(page: Page): Promise<Record<string, unknown>> {
  const raw = await page.evaluate(async (key) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('vscode-web-state-db-global');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const value = await new Promise<unknown>((resolve, reject) => {
      const get = db.transaction('ItemTable', 'readonly').objectStore('ItemTable').get(key);
      get.onsuccess = () => resolve(get.result);
      get.onerror = () => reject(get.error);
    });
    db.close();
    return typeof value === 'string' ? value : null;
  }, extensionId);
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

export async function startEditor(options: EditorOptions): Promise<Editor> {
  const root = mkdtempSync(join(tmpdir(), `bm-editor-${options.name}-`));
  const dirs: EditorDirs = { userDataDir: join(root, 'user'), extensionsDir: join(root, 'extensions') };
  const workspace = join(root, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(join(workspace, 'notes.md'), '# Notes\n\nA file to edit while breathing.\n');
  const fullSettings = (settings: Record<string, unknown>) => ({
    'security.workspace.trust.enabled': false,
    ...quietWorkbench,
    ...settings,
  });
  writeUserSettings(dirs, fullSettings(options.settings ?? {}));

  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    if (options.vsix) await installExtension(options.codeServerBin, dirs, options.vsix);
    server = await startCodeServer({
      bin: options.codeServerBin,
      port: await freePort(),
      dirs,
      logFile: join(artifactsDir, `${options.name}.code-server.log`),
      // code-server writes a default config file under the config home: keep it in the temp folder.
      env: { XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: join(root, 'data') },
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    if (options.seedState) await seedGlobalState(page, server.url, options.seedState);
    const running = server;
    await openWorkbench(page, running.url, workspace);
    return {
      page,
      browser,
      context,
      server: running,
      dirs,
      workspace,
      setSettings: (settings) => editUserSettings(page, fullSettings(settings)),
      reload: async () => {
        await page.reload();
        await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

import * as vscode from 'vscode';
import { type CommandName, commandIds } from '../command-ids.ts';
import type { Services } from '../services.ts';
import { choosePattern } from './choose-pattern.ts';
import { deleteSyncedData } from './delete-synced-data.ts';
import { disableSync } from './disable-sync.ts';
import { enableSync } from './enable-sync.ts';
import { exportData } from './export-data.ts';
import { importData } from './import-data.ts';
import { linkDevice } from './link-device.ts';
import { openDashboard } from './open-dashboard.ts';
import { resetProgress } from './reset-progress.ts';
import { showProgress } from './show-progress.ts';
import { start } from './start.ts';
import { stop } from './stop.ts';
import { toggle } from './toggle.ts';

/** One handler per command id; the Record type makes a missing handler a compile error. */
const handlers: Record<CommandName, (s: Services) => (...args: unknown[]) => Promise<unknown>> = {
  start,
  stop,
  toggle,
  choosePattern,
  showProgress,
  enableSync,
  disableSync,
  linkDevice,
  openDashboard,
  exportData,
  importData,
  deleteSyncedData,
  resetProgress,
};

export function registerCommands(services: Services): vscode.Disposable[] {
  return (Object.keys(handlers) as CommandName[]).map((name) =>
    vscode.commands.registerCommand(commandIds[name], handlers[name](services)),
  );
}

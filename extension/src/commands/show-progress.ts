import * as vscode from 'vscode';
import { progressHtml } from '../progress/progress-html.ts';
import type { Services } from '../services.ts';

let panel: vscode.WebviewPanel | undefined;

export const showProgress = (s: Services) => async (): Promise<void> => {
  const status = s.sync.status();
  const stats = s.sync.lastStats();
  const sync = {
    enabled: s.sync.enabled,
    handle: stats?.handle ?? null,
    state: status ? (status.dirty ? 'changes waiting to be sent' : 'up to date') : 'off',
    player: stats ? { level: stats.level, totalXp: stats.total_xp, devices: stats.device_count } : null,
  };
  if (!panel) {
    panel = vscode.window.createWebviewPanel(
      'breathMaster.progress',
      'Breath Master: My Progress',
      // Opening beside the editor keeps the person's place in their code.
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: false },
    );
    panel.onDidDispose(() => {
      panel = undefined;
    });
  } else {
    panel.reveal(vscode.ViewColumn.Beside, true);
  }
  panel.webview.html = progressHtml(s.progress.summary(), sync, panel.webview.cspSource);
};

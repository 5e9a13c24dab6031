import * as vscode from 'vscode';
import { exportDocument } from '../game.ts';
import type { Services } from '../services.ts';
import { describeSyncError } from '../sync/describe-error.ts';

/** Everything Breath Master holds about the person: the local record, and the server's copy when sync is on. */
export const exportData = (s: Services) => async (): Promise<void> => {
  let server: unknown = null;
  if (s.sync.enabled) {
    try {
      const client = await s.sync.client();
      // A device that never reached the server has nothing there; do not sign in just to ask.
      if (await client.hasSession()) server = await client.exportMyData();
    } catch (e) {
      if (!(e instanceof Error && 'code' in e && e.code === 'not_registered')) {
        void vscode.window.showErrorMessage(describeSyncError(e));
        return;
      }
    }
  }
  const target = await vscode.window.showSaveDialog({
    title: 'Export my Breath Master data',
    saveLabel: 'Export',
    filters: { JSON: ['json'] },
  });
  if (!target) return;
  const document = exportDocument(s.progress.record, server, s.now());
  await vscode.workspace.fs.writeFile(
    target,
    new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`),
  );
  void vscode.window.showInformationMessage(`Exported to ${target.fsPath}.`);
};

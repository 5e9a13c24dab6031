import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { writeSetting } from '../settings.ts';
import { describeSyncError } from '../sync/describe-error.ts';
import { deleteConfirmation } from '../sync/privacy-text.ts';

export const deleteSyncedData = (s: Services) => async (): Promise<void> => {
  if (!s.sync.enabled) {
    const { serverUrl, anonKey } = s.settings();
    // The device may still hold a session from an earlier time sync was on: deletion must reach it.
    s.sync.enable({ serverUrl, anonKey });
  }
  const answer = await vscode.window.showWarningMessage(
    deleteConfirmation.message,
    { modal: true, detail: deleteConfirmation.detail },
    deleteConfirmation.accept,
  );
  if (answer !== deleteConfirmation.accept) {
    if (!s.settings().syncEnabled) s.sync.disable();
    return;
  }
  try {
    const client = await s.sync.client();
    // Without a stored session this device never reached the server: signing in just to delete
    // nothing would leave a stray anonymous user behind.
    if (await client.hasSession()) await client.deleteMyData();
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === 'not_registered')) {
      void vscode.window.showErrorMessage(describeSyncError(e));
      return;
    }
  }
  await writeSetting('sync.enabled', false);
  s.sync.disable();
  void vscode.window.showInformationMessage(
    'Your synced data is deleted and sync is off. Local progress is unchanged.',
  );
};

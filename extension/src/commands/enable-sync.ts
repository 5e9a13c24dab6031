import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { writeSetting } from '../settings.ts';
import { syncConsent } from '../sync/privacy-text.ts';

/** Asks first, in a modal that says exactly what leaves the machine; sync stays off unless accepted. */
export const enableSync = (_s: Services) => async (): Promise<boolean> => {
  const answer = await vscode.window.showInformationMessage(
    syncConsent.message,
    { modal: true, detail: syncConsent.detail },
    syncConsent.accept,
  );
  if (answer !== syncConsent.accept) return false;
  // The settings listener in extension.ts starts the sync service and pushes once.
  await writeSetting('sync.enabled', true);
  return true;
};

import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { writeSetting } from '../settings.ts';

export const disableSync = (_s: Services) => async (): Promise<void> => {
  await writeSetting('sync.enabled', false);
  void vscode.window.showInformationMessage(
    'Sync is off. Your progress keeps growing on this machine; data already on the server stays until you delete it.',
  );
};

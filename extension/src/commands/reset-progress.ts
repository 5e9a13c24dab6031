import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { resetConfirmation } from '../sync/privacy-text.ts';

export const resetProgress = (s: Services) => async (): Promise<void> => {
  const answer = await vscode.window.showWarningMessage(
    resetConfirmation.message,
    { modal: true, detail: resetConfirmation.detail },
    resetConfirmation.accept,
  );
  if (answer !== resetConfirmation.accept) return;
  if (s.guide.running) s.guide.dispose();
  await s.progress.reset();
  s.guide.refresh();
  void vscode.window.showInformationMessage('Local progress is reset.');
};

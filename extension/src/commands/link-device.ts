import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { describeSyncError } from '../sync/describe-error.ts';
import { requireSync } from './require-sync.ts';

const showCode = 'Show a code for another device';
const enterCode = 'Enter a code from another device';

export const linkDevice = (s: Services) => async (): Promise<void> => {
  const choice = await vscode.window.showQuickPick(
    [
      { label: showCode, detail: 'The other device joins this player.' },
      {
        label: enterCode,
        detail: "This device joins the other device's player, bringing its progress along.",
      },
    ],
    { title: 'Link another device' },
  );
  if (!choice || !(await requireSync(s))) return;
  try {
    if (choice.label === showCode) {
      // The first push registers this device, so it has a player to invite into.
      await s.sync.pushNow();
      const { code } = await (await s.sync.client()).createPairingCode();
      const copy = 'Copy Code';
      const answer = await vscode.window.showInformationMessage(
        `Your pairing code is ${code}. Enter it on the other device within 10 minutes (Breath Master: Link Another Device).`,
        copy,
      );
      if (answer === copy) await vscode.env.clipboard.writeText(code);
      return;
    }
    const code = await vscode.window.showInputBox({
      title: 'Enter the pairing code from your other device',
      placeHolder: 'e.g. K7QM2XPA',
      ignoreFocusOut: true,
      validateInput: (v) => (/^[\sA-Za-z0-9-]{4,24}$/.test(v) ? undefined : 'Letters and digits only'),
    });
    if (!code) return;
    await s.sync.pushNow();
    const stats = await (await s.sync.client()).redeemPairingCode(code);
    // Push again so the joined player has this device's latest counters at once.
    await s.sync.pushNow();
    void vscode.window.showInformationMessage(`Linked. This device now plays as ${stats.handle}.`);
  } catch (e) {
    void vscode.window.showErrorMessage(describeSyncError(e));
  }
};

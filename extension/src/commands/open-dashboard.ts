import * as vscode from 'vscode';
import type { Services } from '../services.ts';
import { describeSyncError } from '../sync/describe-error.ts';
import { requireSync } from './require-sync.ts';

/** The dashboard link carrying a fresh pairing code, so the browser joins this player without typing. */
export function dashboardPairUrl(dashboardUrl: string, code: string): string {
  const url = new URL('pair', dashboardUrl.endsWith('/') ? dashboardUrl : `${dashboardUrl}/`);
  url.searchParams.set('code', code);
  return url.toString();
}

export const openDashboard = (s: Services) => async (): Promise<void> => {
  if (!(await requireSync(s))) return;
  try {
    await s.sync.pushNow();
    const { code } = await (await s.sync.client()).createPairingCode();
    await vscode.env.openExternal(vscode.Uri.parse(dashboardPairUrl(s.settings().dashboardUrl, code)));
  } catch (e) {
    void vscode.window.showErrorMessage(describeSyncError(e));
  }
};

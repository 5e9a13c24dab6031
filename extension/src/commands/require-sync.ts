import * as vscode from 'vscode';
import { commandIds } from '../command-ids.ts';
import type { Services } from '../services.ts';

/** Sync-only commands first offer to turn sync on (through the consent modal); false when it stays off. */
export async function requireSync(s: Services): Promise<boolean> {
  if (s.sync.enabled) return true;
  const accepted = (await vscode.commands.executeCommand(commandIds.enableSync)) === true;
  if (!accepted) return false;
  const { serverUrl, anonKey } = s.settings();
  s.sync.enable({ serverUrl, anonKey });
  return true;
}

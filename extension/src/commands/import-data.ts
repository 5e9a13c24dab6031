import * as vscode from 'vscode';
import { daysBeyondPushWindow, type ImportPlan, readImport } from '../game.ts';
import type { Services } from '../services.ts';
import {
  importAccept,
  importConfirmation,
  imported,
  importSources,
  nothingToImport,
  samePlayerRefusal,
} from './import-text.ts';

/** Larger than any real export by far; refusing it keeps a wrong pick from filling memory. */
const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The export's text from the chosen source, or null when the person cancelled. */
async function readSource(): Promise<string | null> {
  const pick = await vscode.window.showQuickPick(
    [
      { label: importSources.file, description: 'An export of Breath Master, or of Breath Master 0.3' },
      { label: importSources.clipboard, description: "What 0.3's Export Data command copied" },
    ],
    { title: 'Import my Breath Master data', placeHolder: 'Where is the data?' },
  );
  if (!pick) return null;
  if (pick.label === importSources.clipboard) return vscode.env.clipboard.readText();
  const uris = await vscode.window.showOpenDialog({
    title: 'Import my Breath Master data',
    openLabel: 'Import',
    canSelectMany: false,
    filters: { JSON: ['json'], 'All files': ['*'] },
  });
  const uri = uris?.[0];
  if (!uri) return null;
  const bytes = await vscode.workspace.fs.readFile(uri);
  if (bytes.byteLength > MAX_IMPORT_BYTES) throw new Error('the file is larger than 20 MB');
  return new TextDecoder().decode(bytes);
}

/**
 * Merges an export (this product's file, or Breath Master 0.3's JSON from a file or the clipboard) into local
 * progress after showing what it holds. Per day each counter keeps the larger value, as sync does, so the same
 * data imported twice changes nothing. A file that cannot be read, or comes from a newer version, changes nothing.
 */
export const importData = (s: Services) => async (): Promise<void> => {
  if (s.progress.readOnly) {
    void vscode.window.showErrorMessage(
      'Nothing was imported: the progress stored here comes from a newer version of Breath Master. Update the extension first.',
    );
    return;
  }
  let text: string | null;
  try {
    text = await readSource();
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Nothing was imported: the data could not be read (${e instanceof Error ? e.message : String(e)}).`,
    );
    return;
  }
  if (text === null) return;
  const read = readImport(text);
  if (!read.ok) {
    void vscode.window.showErrorMessage(`Nothing was imported. ${read.error.message}`);
    return;
  }
  await confirmAndImport(s, read.plan);
};

async function confirmAndImport(s: Services, plan: ImportPlan): Promise<void> {
  // The exporting device's days already count on its player; this editor pushing them too would count them twice.
  const myPlayer = s.sync.enabled ? s.sync.lastStats()?.player_id : undefined;
  if (plan.syncedPlayerId !== null && plan.syncedPlayerId === myPlayer) {
    void vscode.window.showErrorMessage(samePlayerRefusal);
    return;
  }
  const preview = s.progress.previewImport(plan);
  if (!preview.changed) {
    void vscode.window.showInformationMessage(nothingToImport(plan));
    return;
  }
  const ask = importConfirmation(plan, preview, {
    unsyncedDays: s.sync.enabled ? daysBeyondPushWindow(plan, s.progress.today()) : 0,
  });
  const answer = await vscode.window.showInformationMessage(
    ask.message,
    { modal: true, detail: ask.detail },
    importAccept,
  );
  if (answer !== importAccept) return;
  let outcome: Awaited<ReturnType<typeof s.progress.importPlan>>;
  try {
    outcome = await s.progress.importPlan(plan);
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Nothing was imported: Breath Master could not save your progress (${e instanceof Error ? e.message : String(e)}).`,
    );
    return;
  }
  s.guide.refresh();
  void vscode.window.showInformationMessage(imported(outcome));
  // New counters travel like a finished session's: remembered as unsent, pushed when sync is on.
  if (
    outcome.added.days > 0 ||
    outcome.added.xp > 0 ||
    outcome.added.cycles > 0 ||
    outcome.added.seconds > 0
  ) {
    await s.sync.sessionEnded();
  }
}

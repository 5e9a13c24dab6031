import * as vscode from 'vscode';
import type { SessionOutcome } from './game.ts';
import type { ProgressService } from './progress/progress-service.ts';
import type { SyncService } from './sync/sync-service.ts';

/**
 * A session ended: record it locally first (so nothing depends on the network), celebrate
 * without taking focus, then let sync know. A failed local save is reported, not swallowed.
 */
export async function onSessionFinished(
  outcome: SessionOutcome,
  progress: ProgressService,
  sync: SyncService,
): Promise<void> {
  let messages: string[];
  try {
    messages = await progress.addSession(outcome);
  } catch (e) {
    void vscode.window.showErrorMessage(
      `Breath Master could not save your progress: ${e instanceof Error ? e.message : String(e)}`,
    );
    return;
  }
  for (const m of messages) void vscode.window.showInformationMessage(m);
  await sync.sessionEnded();
}

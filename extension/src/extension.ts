import * as vscode from 'vscode';
import { applySettings } from './apply-settings.ts';
import { commandIds } from './command-ids.ts';
import { registerCommands } from './commands/register.ts';
import type { SessionOutcome } from './game.ts';
import { BreathingGuide, type Timers } from './guide/guide.ts';
import { ReminderWatch } from './guide/reminder-watch.ts';
import { idleViewWith } from './guide/status-view.ts';
import { ProgressService } from './progress/progress-service.ts';
import type { Services } from './services.ts';
import { onSessionFinished } from './session-finished.ts';
import { onSettingsChanged, prefersReducedMotion, readSettings, type Settings } from './settings.ts';
import { sessionStarter } from './start-session.ts';
import { BreathingAnnouncer } from './sync/breathing-announcer.ts';
import { syncWarningReporter } from './sync/describe-error.ts';
import { secretStorageAdapter } from './sync/secret-storage-adapter.ts';
import { SyncService } from './sync/sync-service.ts';

const timers: Timers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Builds the objects, registers the commands and hands every disposable to VS Code. No network here. */
export function activate(context: vscode.ExtensionContext, clock: Timers = timers): Services {
  const now = () => clock.now();
  let current = readSettings();
  const item = vscode.window.createStatusBarItem('breathMaster.guide', vscode.StatusBarAlignment.Left, 100);
  item.name = 'Breath Master';
  item.command = commandIds.toggle;

  const progress = new ProgressService(context.globalState, now);
  const sync = new SyncService({
    state: context.globalState,
    storage: secretStorageAdapter(context.secrets),
    snapshot: () => progress.snapshot(),
    onFinalError: syncWarningReporter((text) => void vscode.window.showWarningMessage(text)),
  });
  let reminder: ReminderWatch | undefined;
  const announcer = new BreathingAnnouncer(
    (active) => sync.setBreathing(active),
    clock,
    () => sync.enabled,
  );
  const guide = new BreathingGuide<SessionOutcome>(
    item,
    clock,
    prefersReducedMotion,
    (outcome) => {
      reminder?.breathed();
      announcer.ended();
      void onSessionFinished(outcome, progress, sync);
    },
    () => {
      const { level, title, currentStreak } = progress.summary();
      return idleViewWith(level, title, currentStreak);
    },
  );
  const startSession = sessionStarter(guide, now, readSettings, () => announcer.started());
  reminder = new ReminderWatch(
    now,
    // Read on every keystroke, so it comes from the cached settings, not the configuration service.
    () => current.reminderMinutes,
    () => guide.running,
    startSession,
  );
  const services: Services = { guide, progress, sync, settings: readSettings, now, startSession };

  const apply = (settings: Settings, changed: boolean) => {
    current = settings;
    applySettings(settings, changed, item, sync);
  };
  apply(current, false);
  if (progress.loaded.readOnly) {
    void vscode.window.showWarningMessage(
      'Breath Master found progress saved by a newer version and will not overwrite it. Update the extension to keep earning.',
    );
  }

  context.subscriptions.push(
    item,
    // Closing the window mid-session still records what was breathed.
    {
      dispose: () => {
        guide.stop();
        guide.dispose();
        announcer.dispose();
      },
    },
    { dispose: () => sync.disable() },
    ...registerCommands(services),
    onSettingsChanged((settings) => apply(settings, true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('workbench.reduceMotion')) guide.refresh();
    }),
    vscode.workspace.onDidChangeTextDocument((e) => {
      // Typing in files counts as editing; output panels and logs changing by themselves do not.
      const scheme = e.document.uri.scheme;
      if (e.contentChanges.length > 0 && (scheme === 'file' || scheme === 'untitled')) reminder?.edited();
    }),
    // VS Code has no network-state event; focus returning is a cheap moment to retry a waiting push.
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) sync.networkOnline();
    }),
  );
  return services;
}

export function deactivate(): void {}

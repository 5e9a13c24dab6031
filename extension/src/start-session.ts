import * as vscode from 'vscode';
import { beginSession, resolvePattern, type SessionOutcome } from './game.ts';
import type { BreathingGuide } from './guide/guide.ts';
import type { Settings } from './settings.ts';

/**
 * Starts the guide with the configured pattern and length (or a given pattern). A custom pattern
 * that breaks a rule is refused with core's sentence naming the rule, and nothing starts.
 */
export function sessionStarter(
  guide: BreathingGuide<SessionOutcome>,
  now: () => number,
  settings: () => Settings,
  onStarted: () => void = () => {},
): (pattern?: ReturnType<typeof resolvePattern>) => void {
  return (pattern) => {
    try {
      const s = settings();
      guide.start(beginSession(pattern ?? resolvePattern(s), now(), s.sessionMinutes));
      onStarted();
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
    }
  };
}

import * as vscode from 'vscode';
import { canonicalPatternId, listPatterns, type PatternInfo } from '../game.ts';
import type { Services } from '../services.ts';
import { writeSetting } from '../settings.ts';

export interface PatternPick extends vscode.QuickPickItem {
  readonly id: string;
}

/**
 * Quick-pick rows: the name, what it is for, and its rhythm. Other names go in the label, which the picker filters
 * on, so typing "Boxing" finds Box. `currentId` may be such an old id (a 0.3 setting): it marks the pattern it names.
 */
export function patternPicks(patterns: readonly PatternInfo[], currentId: string): PatternPick[] {
  const current = canonicalPatternId(currentId);
  return patterns.map((p) => ({
    id: p.id,
    label: p.aliases.length > 0 ? `${p.name} (${p.aliases.join(', ')})` : p.name,
    description: p.id === current ? `${p.purpose} (current)` : p.purpose,
    detail: p.rhythm,
  }));
}

export const choosePattern = (s: Services) => async (): Promise<void> => {
  const settings = s.settings();
  const picks = patternPicks(listPatterns(settings.customPattern), settings.pattern);
  const pick = await vscode.window.showQuickPick(picks, {
    title: 'Breathing pattern',
    placeHolder: 'Choose how to breathe',
  });
  if (!pick) return;
  await writeSetting('pattern', pick.id);
  // A running session switches at once, keeping what it earned so far.
  if (s.guide.running) {
    s.guide.stop();
    s.startSession();
  }
};

/**
 * The game as the extension uses it: patterns, the running session, the local progress record
 * and its summary. Everything the rest of the extension needs from the rules goes through here.
 */

import { builtInPatterns, customPattern, type PatternInfo } from './game/patterns.ts';
import { emptyRecord, migrateRecord, type ProgressRecord } from './game/record.ts';
import { Session, type SessionOutcome } from './game/session.ts';
import type { SessionDriver } from './guide/guide.ts';
import type { Settings } from './settings.ts';
import type { RecordCodec } from './storage/progress-store.ts';

export { PatternError, type PatternInfo } from './game/patterns.ts';
export { type ProgressRecord, pushWindow, recordSession } from './game/record.ts';
export type { SessionOutcome } from './game/session.ts';
export { summarize } from './game/summary.ts';

/** The device's local calendar day (not UTC): days and streaks follow the person's own midnight. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Built-in patterns, plus the custom one when its settings are valid. */
export function listPatterns(custom: Settings['customPattern']): PatternInfo[] {
  try {
    return [...builtInPatterns, customPattern(custom)];
  } catch {
    return [...builtInPatterns];
  }
}

/** The configured pattern; throws a PatternError naming the broken rule for a bad custom pattern. */
export function resolvePattern(settings: Pick<Settings, 'pattern' | 'customPattern'>): PatternInfo {
  if (settings.pattern === 'custom') return customPattern(settings.customPattern);
  return builtInPatterns.find((p) => p.id === settings.pattern) ?? (builtInPatterns[0] as PatternInfo);
}

export function beginSession(pattern: PatternInfo, now: number): SessionDriver<SessionOutcome> {
  const session = new Session(pattern, now, localDay(now));
  return {
    frame: (t) => session.frame(t),
    finish: (t) => session.finish(t),
    isOver: () => false,
  };
}

export const progressCodec: RecordCodec<ProgressRecord> = { migrate: migrateRecord, empty: emptyRecord };

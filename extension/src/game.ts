/**
 * The game as the extension uses it, over @breath-master/core: patterns, the running session,
 * the local progress record and what it adds up to. The rest of the extension reaches the rules
 * only through this file.
 */
import {
  ACHIEVEMENTS,
  addDays,
  advance,
  applySessionToProgress,
  buildExportDocument,
  describeRhythm,
  type ExportDocument,
  emptyProgress,
  getPattern,
  type ImportError,
  type ImportOutcome,
  type ImportPlan,
  importIntoProgress,
  localDayOf,
  migrateProgress,
  PATTERNS,
  type Pattern,
  type ProgressRecord,
  PUSH_WINDOW_DAYS,
  cycleSeconds as patternCycleSeconds,
  playerView,
  recentDays,
  type SessionSummary,
  sessionView,
  startSession,
  stopSession,
  summarizeSession,
  tryParseImport,
  validateCustomPattern,
} from '@breath-master/core';
import type { DayCounters } from '@breath-master/sync';
import type { SessionDriver } from './guide/guide.ts';
import type { ProgressSummary } from './progress/summary.ts';
import type { Settings } from './settings.ts';
import type { RecordCodec } from './storage/progress-store.ts';

export type { ImportOutcome, ImportPlan, ProgressRecord } from '@breath-master/core';
/** What a finished session earned, as core summarises it. */
export type SessionOutcome = SessionSummary;

export interface PatternInfo {
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  readonly cycleSeconds: number;
  /** e.g. "in 4 · hold 4 · out 4 · rest 4 (16 s)" */
  readonly rhythm: string;
  /** Other names of the same pattern (Breath Master 0.3's "Boxing" for Box). */
  readonly aliases: readonly string[];
  readonly pattern: Pattern;
}

/** A custom pattern that breaks a rule; `code` is core's stable code naming the rule. */
export class PatternError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PatternError';
  }
}

const info = (pattern: Pattern): PatternInfo => ({
  id: pattern.id,
  name: pattern.name,
  purpose: pattern.purpose,
  cycleSeconds: patternCycleSeconds(pattern),
  rhythm: describeRhythm(pattern),
  aliases: pattern.aliases ?? [],
  pattern,
});

function customPattern(phases: Settings['customPattern']): PatternInfo {
  const checked = validateCustomPattern(phases);
  if (!checked.ok) throw new PatternError(checked.error.code, checked.error.message);
  return info(checked.value);
}

/** The device's local calendar day (not UTC): days and streaks follow the person's own midnight. */
export function localDay(ms: number): string {
  return localDayOf(new Date(ms));
}

/** The id a pattern setting names: Breath Master 0.3's ids ('boxing') resolve to the pattern they are. */
export function canonicalPatternId(id: string): string {
  return getPattern(id)?.id ?? id;
}

/** Built-in patterns, plus the custom one when its settings are valid. */
export function listPatterns(custom: Settings['customPattern']): PatternInfo[] {
  const builtIn = PATTERNS.map(info);
  try {
    return [...builtIn, customPattern(custom)];
  } catch {
    return builtIn;
  }
}

/** The configured pattern; throws a PatternError naming the broken rule for a bad custom pattern. */
export function resolvePattern(settings: Pick<Settings, 'pattern' | 'customPattern'>): PatternInfo {
  if (settings.pattern === 'custom') return customPattern(settings.customPattern);
  // getPattern also resolves Breath Master 0.3's ids ('boxing' is Box), so an old setting keeps working.
  const found = getPattern(settings.pattern) ?? PATTERNS[0];
  if (!found) throw new PatternError('no_patterns', 'No breathing pattern is available.');
  return info(found);
}

/** Runs core's session engine for the guide; the state only moves forward through `advance`. */
export function beginSession(
  pattern: PatternInfo,
  now: number,
  minutes: Settings['sessionMinutes'] = 0,
): SessionDriver<SessionOutcome> {
  const lengthSeconds = minutes === 0 ? null : ((minutes * 60) as 60 | 180 | 300 | 600);
  let state = startSession({ pattern: pattern.pattern, now, localDay: localDay(now), lengthSeconds });
  return {
    frame: (t) => {
      state = advance(state, t).state;
      const view = sessionView(state, t);
      return {
        phase: view.phase.kind,
        label: view.phase.label,
        elapsed: view.phase.seconds - view.msLeftInPhase / 1000,
        duration: view.phase.seconds,
        cycles: view.completedCycles,
        patternName: pattern.name,
        paused: view.status === 'paused',
      };
    },
    finish: (t) => {
      state = stopSession(state, t).state;
      return summarizeSession(state);
    },
    isOver: (t) => advance(state, t).state.status === 'ended',
  };
}

export const progressCodec: RecordCodec<ProgressRecord> = { migrate: migrateProgress, empty: emptyProgress };

/** Adds a finished session; returns the new record and the messages it earned (level-up, achievements). */
export function recordSession(
  record: ProgressRecord,
  outcome: SessionOutcome,
): { record: ProgressRecord; messages: string[] } {
  const applied = applySessionToProgress(record, outcome);
  const messages: string[] = [];
  const { leveledUp, levelAfter, newAchievements } = applied.outcome;
  if (leveledUp) messages.push(`Level ${levelAfter.level}: ${levelAfter.title}. Well breathed.`);
  for (const a of newAchievements) {
    const title = ACHIEVEMENTS.find((x) => x.id === a.id)?.title ?? a.id;
    messages.push(`Achievement unlocked: ${title}`);
  }
  return { record: applied.record, messages };
}

/** This device's counters for today and the 30 days before it: exactly what a push may carry. */
export function pushWindow(record: ProgressRecord, today: string): DayCounters[] {
  return recentDays(record.deviceDays, today);
}

/** What the progress view shows, computed by core as the server computes a player's stats. */
export function summarize(record: ProgressRecord, today: string): ProgressSummary {
  const view = playerView([record.deviceDays], today);
  const todayCounters = record.deviceDays[today];
  return {
    level: view.level.level,
    title: view.level.title,
    totalXp: view.totalXp,
    xpIntoLevel: view.level.xpIntoLevel,
    xpForLevel: view.level.nextLevelXp - view.level.levelStartXp,
    currentStreak: view.currentStreak,
    longestStreak: view.longestStreak,
    freezes: view.freezesHeld,
    todayCycles: todayCounters?.cycles ?? 0,
    todaySeconds: todayCounters?.seconds ?? 0,
    totalCycles: view.totalCycles,
    achievements: ACHIEVEMENTS.map((a) => ({
      id: a.id,
      name: a.title,
      unlocked: record.achievements[a.id] !== undefined,
    })),
  };
}

/** The content "Export My Data" writes. */
export function exportDocument(record: ProgressRecord, server: unknown, now: number): ExportDocument {
  return buildExportDocument(record, server, new Date(now));
}

/** Reads an export of this product or of Breath Master 0.3; a refusal carries core's stable code and a message. */
export function readImport(text: string): { ok: true; plan: ImportPlan } | { ok: false; error: ImportError } {
  const parsed = tryParseImport(text);
  return parsed.ok ? { ok: true, plan: parsed.value } : { ok: false, error: parsed.error };
}

/** The record after an import, by sync's rule (per day, the larger of each counter). */
export function mergeImport(record: ProgressRecord, plan: ImportPlan): ImportOutcome {
  return importIntoProgress(record, plan);
}

/** Days of an import too old for a push to carry (sync sends today and the 30 days before). */
export function daysBeyondPushWindow(plan: ImportPlan, today: string): number {
  const oldest = addDays(today, -PUSH_WINDOW_DAYS);
  return Object.keys(plan.deviceDays).filter((day) => day < oldest).length;
}

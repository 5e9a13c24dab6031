/**
 * The game as the extension uses it, over @breath-master/core: patterns, the running session,
 * the local progress record and what it adds up to. The rest of the extension reaches the rules
 * only through this file.
 */
import {
  ACHIEVEMENTS,
  advance,
  applySessionToProgress,
  describeRhythm,
  emptyProgress,
  localDayOf,
  migrateProgress,
  PATTERNS,
  type Pattern,
  type ProgressRecord,
  cycleSeconds as patternCycleSeconds,
  playerView,
  recentDays,
  type SessionSummary,
  sessionView,
  startSession,
  stopSession,
  summarizeSession,
  validateCustomPattern,
} from '@breath-master/core';
import type { DayCounters } from '@breath-master/sync';
import type { SessionDriver } from './guide/guide.ts';
import type { ProgressSummary } from './progress/summary.ts';
import type { Settings } from './settings.ts';
import type { RecordCodec } from './storage/progress-store.ts';

export type { ProgressRecord } from '@breath-master/core';
/** What a finished session earned, as core summarises it. */
export type SessionOutcome = SessionSummary;

export interface PatternInfo {
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  readonly cycleSeconds: number;
  /** e.g. "in 4 · hold 4 · out 4 · rest 4 (16 s)" */
  readonly rhythm: string;
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
  const found = PATTERNS.find((p) => p.id === settings.pattern) ?? PATTERNS[0];
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

import type { DayCounters } from '@breath-master/sync';
import { builtInPatterns } from './patterns.ts';
import { activeDaySeconds, addDays, dailyBonus, sessionBonus, xpPerCycle } from './rules.ts';
import type { SessionOutcome } from './session.ts';

interface DayEntry {
  xp: number;
  cycles: number;
  seconds: number;
  /** The first-60-seconds bonus of this day was already given. */
  bonus: boolean;
}

/** The local progress record, version 1. Only grows; the daily counters are what sync sends. */
export interface ProgressRecord {
  readonly version: 1;
  readonly days: Readonly<Record<string, DayEntry>>;
  readonly patternsUsed: readonly string[];
  /** Start days of recent sessions (the last 14 days), for the "ten sessions in a week" achievement. */
  readonly recentSessionDays: readonly string[];
}

export const currentVersion = 1;

export function emptyRecord(): ProgressRecord {
  return { version: 1, days: {}, patternsUsed: [], recentSessionDays: [] };
}

const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Numbered migrations: `migrations[n]` turns version n into n + 1. The list only grows, so a
 * record from any earlier release reaches the current version step by step.
 */
const migrations: readonly ((raw: Record<string, unknown>) => Record<string, unknown>)[] = [
  // 0 -> 1: the pre-release record had no version and no pattern list.
  (raw) => ({ version: 1, days: raw.days ?? {}, patternsUsed: [], recentSessionDays: [] }),
];

export function migrateRecord(raw: unknown): ProgressRecord {
  if (typeof raw !== 'object' || raw === null) throw new Error('progress record is not an object');
  let r = raw as Record<string, unknown>;
  let version = typeof r.version === 'number' ? r.version : 0;
  if (version > currentVersion)
    throw new Error(`progress record version ${version} is newer than this extension`);
  while (version < currentVersion) {
    const step = migrations[version];
    if (!step) throw new Error(`no migration from version ${version}`);
    r = step(r);
    version++;
  }
  const days = r.days;
  if (typeof days !== 'object' || days === null) throw new Error('progress record has no days');
  for (const [day, e] of Object.entries(days)) {
    const entry = e as Partial<DayEntry>;
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
      !isCount(entry.xp) ||
      !isCount(entry.cycles) ||
      !isCount(entry.seconds)
    ) {
      throw new Error(`progress record has a malformed day ${day}`);
    }
  }
  return {
    version: 1,
    days: days as Record<string, DayEntry>,
    patternsUsed: Array.isArray(r.patternsUsed) ? (r.patternsUsed as string[]) : [],
    recentSessionDays: Array.isArray(r.recentSessionDays) ? (r.recentSessionDays as string[]) : [],
  };
}

/** Adds a finished session's cycles, seconds and XP (with its bonuses) to the day it started on. */
export function recordSession(record: ProgressRecord, outcome: SessionOutcome): ProgressRecord {
  if (outcome.seconds <= 0) return record;
  const before = record.days[outcome.day] ?? { xp: 0, cycles: 0, seconds: 0, bonus: false };
  const earnsDaily = !before.bonus && outcome.seconds >= activeDaySeconds;
  const xp =
    outcome.cycles * xpPerCycle(outcome.cycleSeconds) +
    sessionBonus(outcome.seconds) +
    (earnsDaily ? dailyBonus : 0);
  const day: DayEntry = {
    xp: before.xp + xp,
    cycles: before.cycles + outcome.cycles,
    seconds: before.seconds + outcome.seconds,
    bonus: before.bonus || earnsDaily,
  };
  const cutoff = addDays(outcome.day, -13);
  return {
    version: 1,
    days: { ...record.days, [outcome.day]: day },
    patternsUsed: record.patternsUsed.includes(outcome.patternId)
      ? record.patternsUsed
      : [...record.patternsUsed, outcome.patternId],
    recentSessionDays: [...record.recentSessionDays.filter((d) => d >= cutoff), outcome.day],
  };
}

/** This device's counters for today and the 30 days before it: exactly what a push may carry. */
export function pushWindow(record: ProgressRecord, today: string): DayCounters[] {
  const from = addDays(today, -30);
  return Object.entries(record.days)
    .filter(([day]) => day >= from && day <= today)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, e]) => ({ day, xp: e.xp, cycles: e.cycles, seconds: e.seconds }));
}

export function usedEveryPattern(record: ProgressRecord): boolean {
  return builtInPatterns.every((p) => record.patternsUsed.includes(p.id));
}

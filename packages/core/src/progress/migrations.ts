/**
 * Numbered migrations of the progress record: `MIGRATIONS[n]` turns version n into n + 1, and each must raise the
 * version by exactly one. The list only grows, so a record from any earlier release is read step by step.
 *
 * - v0 (pre-release): `{ days: { [day]: { xp, cycles, seconds } } }`, no version.
 * - v1 (first extension release): `{ version: 1, days: { [day]: { xp, cycles, seconds, bonus } }, patternsUsed,
 *   recentSessionDays }`.
 * - v2 (core): see ProgressRecord.
 */

import { deriveAchievements, deriveLocalAchievements, type SessionEntry } from '../achievements.ts';
import { type DayCounters, isPlausibleDay } from '../counters.ts';
import { isDay } from '../days.ts';
import { err, ok, type Result } from '../result.ts';
import { MAX_SESSION_HISTORY, PROGRESS_VERSION, type ProgressRecord } from './record.ts';

export type ProgressErrorCode = 'not_an_object' | 'newer_version' | 'unknown_version' | 'malformed';

/** A stored record that cannot be read; `code` is stable. */
export class ProgressError extends Error {
  constructor(
    readonly code: ProgressErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProgressError';
  }
}

type Raw = Record<string, unknown>;

const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const stringList = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []);

function malformed(why: string): never {
  throw new ProgressError('malformed', `progress record: ${why}`);
}

/** Reads counters; `wholeOnly` refuses fractions, otherwise (older records) they are rounded down. */
function readDays(v: unknown, field: string, wholeOnly = true): Record<string, DayCounters> {
  if (v === undefined) return {};
  if (!isRecord(v)) malformed(`${field} is not an object`);
  const out: Record<string, DayCounters> = {};
  for (const [day, c] of Object.entries(v)) {
    if (!isDay(day) || !isRecord(c)) malformed(`${field} has a malformed day ${day}`);
    const values = [c.xp, c.cycles, c.seconds].map((n) =>
      typeof n === 'number' && Number.isFinite(n) && n >= 0 && (!wholeOnly || Number.isInteger(n))
        ? Math.floor(n)
        : null,
    );
    const [xp, cycles, seconds] = values;
    // An out-of-bounds day is kept as it is: counters only grow, and the server is the one to refuse it.
    if (xp == null || cycles == null || seconds == null) {
      malformed(`${field}.${day} has counters that are not whole non-negative numbers`);
    }
    out[day] = { xp, cycles, seconds };
  }
  return out;
}

export const MIGRATIONS: readonly ((raw: Raw) => Raw)[] = [
  // 0 → 1: the pre-release record had no version, no pattern list and no session days.
  (raw) => ({ version: 1, days: raw.days ?? {}, patternsUsed: [], recentSessionDays: [] }),
  // 1 → 2: counters move to `deviceDays`, the per-day bonus flag to `dailyBonusDays`, session days become session
  // entries (their pattern unknown), achievements are dated from what the record shows, and the record is marked
  // dirty: a push is idempotent, so re-sending is always safe.
  (raw) => {
    const days = isRecord(raw.days) ? raw.days : {};
    const bonusDays = Object.entries(days)
      .filter(([, c]) => isRecord(c) && c.bonus === true)
      .map(([day]) => day);
    const deviceDays = readDays(days, 'days', false);
    const sessions: SessionEntry[] = stringList(raw.recentSessionDays)
      .filter(isDay)
      .map((day) => ({ day, patternId: null }));
    const patternsTried = stringList(raw.patternsUsed);
    const achievements = Object.fromEntries(
      [...deriveAchievements(deviceDays), ...deriveLocalAchievements(sessions, patternsTried)].map((u) => [
        u.id,
        u.unlockedOn,
      ]),
    );
    return {
      version: 2,
      deviceDays,
      dailyBonusDays: bonusDays,
      sessions,
      patternsTried,
      achievements,
      dirty: true,
    };
  },
];

/** Checks the current version's shape and returns a clean copy. */
function readCurrent(raw: Raw): ProgressRecord {
  const deviceDays = readDays(raw.deviceDays, 'deviceDays');
  if (!Array.isArray(raw.sessions)) malformed('sessions is not a list');
  const sessions = raw.sessions.map((s): SessionEntry => {
    if (!isRecord(s) || !isDay(s.day) || !(s.patternId === null || typeof s.patternId === 'string')) {
      malformed('a session entry is malformed');
    }
    return { day: s.day, patternId: s.patternId };
  });
  const achievements: Record<string, string> = {};
  if (!isRecord(raw.achievements)) malformed('achievements is not an object');
  for (const [id, day] of Object.entries(raw.achievements)) {
    if (!isDay(day)) malformed(`achievement ${id} has no day`);
    achievements[id] = day;
  }
  return {
    version: PROGRESS_VERSION,
    deviceDays,
    dailyBonusDays: stringList(raw.dailyBonusDays).filter(isDay),
    sessions: sessions.slice(-MAX_SESSION_HISTORY),
    patternsTried: stringList(raw.patternsTried),
    achievements,
    dirty: raw.dirty === true,
  };
}

/**
 * Brings a stored record of any known version up to the current one. Throws a ProgressError for something that is
 * not a record, is malformed, or comes from a newer version (which must be kept untouched, never overwritten).
 */
export function migrateProgress(raw: unknown): ProgressRecord {
  if (!isRecord(raw)) throw new ProgressError('not_an_object', 'progress record is not an object');
  let record: Raw = raw;
  let version = raw.version === undefined ? 0 : raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    throw new ProgressError('unknown_version', `progress record has an unknown version ${String(version)}`);
  }
  if (version > PROGRESS_VERSION) {
    throw new ProgressError('newer_version', `progress record version ${version} is newer than this release`);
  }
  while (version < PROGRESS_VERSION) {
    const step = MIGRATIONS[version];
    if (!step) throw new ProgressError('unknown_version', `no migration from version ${version}`);
    record = step(record);
    if (record.version !== version + 1) {
      throw new ProgressError('unknown_version', `migration from ${version} did not lead to ${version + 1}`);
    }
    version += 1;
  }
  return readCurrent(record);
}

/** migrateProgress as a value: the record, or the error that refused it. */
export function tryMigrateProgress(raw: unknown): Result<ProgressRecord, ProgressError> {
  try {
    return ok(migrateProgress(raw));
  } catch (e) {
    if (e instanceof ProgressError) return err(e);
    throw e;
  }
}

/** True when every day of the record would pass the server's plausibility check. */
export function isPlausibleRecord(record: ProgressRecord): boolean {
  return Object.values(record.deviceDays).every(isPlausibleDay);
}

/**
 * Breath Master 0.3's "Export Data" JSON (it went to the clipboard):
 * `{ exportDate, breathMaster: { meditation: { totalXP, currentStreak, longestStreak, todaySessionTime,
 * lastMeditationDate, totalMeditationTime, sessionsToday, sessions?: [{ id, startedAt, endedAt, activeMs, cycles,
 * finalXP, … }] }, onboarding, version } }`, times in milliseconds.
 *
 * Days are rebuilt from the session log only: each session counts on the local day it started (as sessions do
 * now), seconds from `activeMs`, its cycles, XP from `finalXP`. Each day is then held to the server's plausibility
 * bound, and whatever the totals count beyond the log (0.3 kept no log before it, and trimmed it) is reported, not
 * spread over invented days. Streaks follow from the rebuilt days, as they always do.
 */

import { type DayCounters, isPlausibleDay, MAX_DAY_SECONDS } from '../counters.ts';
import { isDay, localDayOf } from '../days.ts';
import { ImportError } from './import-error.ts';
import { type ImportPlan, totalsOf } from './import-plan.ts';

/** The newest 0.x release whose export layout is known; a later one is refused rather than misread. */
export const LEGACY_MAX_VERSION = [0, 3] as const;

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isLegacyExport(raw: Raw): boolean {
  return isObject(raw.breathMaster);
}

function malformed(why: string): never {
  throw new ImportError('malformed', `The Breath Master 0.3 export is malformed: ${why}.`);
}

/** A non-negative finite number, `fallback` when absent; anything else is malformed. */
function amount(v: unknown, field: string, fallback: number | null = 0): number {
  if (v === undefined || v === null) {
    if (fallback === null) malformed(`${field} is missing`);
    return fallback;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    malformed(`${field} is not a non-negative number`);
  return v;
}

/** 0.3 wrote `startedAt` as epoch milliseconds or an ISO string. */
function instant(v: unknown, field: string): number {
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN;
  if (!Number.isFinite(ms)) malformed(`${field} is not a time`);
  return ms;
}

function checkVersion(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') malformed('version is not a string');
  const m = /^(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(v);
  if (!m) malformed(`version ${JSON.stringify(v)} is not a version number`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  const [maxMajor, maxMinor] = LEGACY_MAX_VERSION;
  if (major > maxMajor || (major === maxMajor && minor > maxMinor)) {
    throw new ImportError(
      'newer_version',
      `The export comes from Breath Master ${v}, newer than the 0.3 format this version reads.`,
    );
  }
  return v;
}

interface DayTally {
  ms: number;
  cycles: number;
  xp: number;
}

/** Holds a day to isPlausibleDay: seconds ≤ 86,400, cycles × 4 ≤ seconds + 60, xp ≤ ceil(seconds / 3) + 10. */
function bounded(t: DayTally): { day: DayCounters; capped: DayCounters } {
  const rawSeconds = Math.floor(t.ms / 1000);
  const rawCycles = Math.floor(t.cycles);
  const rawXp = Math.floor(t.xp);
  const seconds = Math.min(MAX_DAY_SECONDS, rawSeconds);
  const cycles = Math.min(rawCycles, Math.floor((seconds + 60) / 4));
  const xp = Math.min(rawXp, Math.ceil(seconds / 3) + 10);
  return {
    day: { xp, cycles, seconds },
    capped: { xp: rawXp - xp, cycles: rawCycles - cycles, seconds: rawSeconds - seconds },
  };
}

export function readLegacyExport(
  raw: Raw,
  dayOf: (ms: number) => string = (ms) => localDayOf(new Date(ms)),
): ImportPlan {
  const bm = raw.breathMaster as Raw;
  const writtenBy = checkVersion(bm.version);
  const meditation = bm.meditation;
  if (!isObject(meditation)) malformed('breathMaster.meditation is missing');
  const totalXp = amount(meditation.totalXP, 'totalXP');
  const totalMs = amount(meditation.totalMeditationTime, 'totalMeditationTime');
  const sessions = meditation.sessions ?? [];
  if (!Array.isArray(sessions)) malformed('sessions is not a list');

  const tallies = new Map<string, DayTally>();
  const seen = new Set<string>();
  let loggedXp = 0;
  let loggedMs = 0;
  sessions.forEach((s: unknown, i) => {
    const where = `sessions[${i}]`;
    if (!isObject(s)) malformed(`${where} is not an object`);
    // A session listed twice is one session: counting it twice is the one thing an import must never do.
    if (typeof s.id === 'string' || typeof s.id === 'number') {
      const key = String(s.id);
      if (seen.has(key)) return;
      seen.add(key);
    }
    const started = instant(s.startedAt, `${where}.startedAt`);
    const ms = amount(s.activeMs, `${where}.activeMs`, null);
    const cycles = amount(s.cycles, `${where}.cycles`);
    const xp = amount(s.finalXP, `${where}.finalXP`);
    const day = dayOf(started);
    // An instant outside the calendar (a huge number) has no day: refusing beats a day named "NaN-NaN-NaN".
    if (!isDay(day)) malformed(`${where}.startedAt is not a time`);
    const t = tallies.get(day) ?? { ms: 0, cycles: 0, xp: 0 };
    t.ms += ms;
    t.cycles += cycles;
    t.xp += xp;
    tallies.set(day, t);
    loggedXp += xp;
    loggedMs += ms;
  });

  const deviceDays: Record<string, DayCounters> = {};
  const capped = { xp: 0, cycles: 0, seconds: 0 };
  for (const [day, t] of [...tallies].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const b = bounded(t);
    capped.xp += b.capped.xp;
    capped.cycles += b.capped.cycles;
    capped.seconds += b.capped.seconds;
    if (b.day.xp === 0 && b.day.cycles === 0 && b.day.seconds === 0) continue;
    // bounded() is built to pass the check; asserting it keeps the two from drifting apart.
    if (!isPlausibleDay(b.day)) throw new Error(`legacy import built an implausible day ${day}`);
    deviceDays[day] = b.day;
  }

  return {
    format: 'legacy-0.3',
    writtenBy,
    exportedAt: typeof raw.exportDate === 'string' ? raw.exportDate : null,
    deviceDays,
    dailyBonusDays: [],
    patternsTried: [],
    achievements: {},
    totals: totalsOf(deviceDays),
    unattributed: {
      xp: Math.max(0, Math.floor(totalXp - loggedXp)),
      seconds: Math.max(0, Math.floor((totalMs - loggedMs) / 1000)),
    },
    syncedPlayerId: null,
    capped,
  };
}

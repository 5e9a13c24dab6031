// The web device's own progress, kept in localStorage as one versioned record. Counters per local
// day only grow, so pushing them again is always safe; `dirty` says a push is owed.

export interface DayTotals {
  readonly xp: number;
  readonly cycles: number;
  readonly seconds: number;
  /** The day's first-60-seconds bonus has been given. */
  readonly dailyBonus?: boolean;
}

export interface ProgressRecord {
  readonly version: 1;
  readonly days: Readonly<Record<string, DayTotals>>;
  readonly sessions: number;
  readonly patternsTried: readonly string[];
  readonly dirty: boolean;
}

export const RECORD_KEY = 'bm.progress';
export const emptyRecord: ProgressRecord = {
  version: 1,
  days: {},
  sessions: 0,
  patternsTried: [],
  dirty: false,
};

export class RecordError extends Error {
  constructor(
    readonly code: 'record_corrupt' | 'record_from_newer_version',
    message: string,
  ) {
    super(message);
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

export function parseRecord(raw: string | null): ProgressRecord {
  if (raw === null) return emptyRecord;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new RecordError('record_corrupt', 'the saved progress is not JSON');
  }
  const record = value as Partial<ProgressRecord> | null;
  if (typeof record?.version === 'number' && record.version > 1) {
    throw new RecordError('record_from_newer_version', 'the saved progress comes from a newer version');
  }
  if (record?.version !== 1 || typeof record.days !== 'object' || record.days === null) {
    throw new RecordError('record_corrupt', 'the saved progress has an unknown shape');
  }
  for (const [day, totals] of Object.entries(record.days)) {
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(day) ||
      !isCount(totals.xp) ||
      !isCount(totals.cycles) ||
      !isCount(totals.seconds)
    ) {
      throw new RecordError('record_corrupt', `the saved progress has a bad day: ${day}`);
    }
  }
  return {
    version: 1,
    days: record.days,
    sessions: isCount(record.sessions) ? record.sessions : 0,
    patternsTried: Array.isArray(record.patternsTried) ? record.patternsTried : [],
    dirty: record.dirty === true,
  };
}

export function addToDay(
  record: ProgressRecord,
  day: string,
  add: { xp: number; cycles: number; seconds: number; dailyBonus?: boolean },
): ProgressRecord {
  const before = record.days[day] ?? { xp: 0, cycles: 0, seconds: 0 };
  const after: DayTotals = {
    xp: before.xp + add.xp,
    cycles: before.cycles + add.cycles,
    seconds: before.seconds + add.seconds,
    dailyBonus: before.dailyBonus === true || add.dailyBonus === true,
  };
  return { ...record, days: { ...record.days, [day]: after }, dirty: true };
}

/** Local calendar day of a timestamp, YYYY-MM-DD. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The last 30 days before `today` and today itself: what a push may carry. */
export function pushableDays(
  record: ProgressRecord,
  today: string,
): { day: string; xp: number; cycles: number; seconds: number }[] {
  const oldest = new Date(`${today}T00:00:00Z`);
  oldest.setUTCDate(oldest.getUTCDate() - 30);
  const from = oldest.toISOString().slice(0, 10);
  return Object.entries(record.days)
    .filter(([day]) => day >= from && day <= today)
    .map(([day, t]) => ({ day, xp: t.xp, cycles: t.cycles, seconds: t.seconds }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

export function totals(record: ProgressRecord): { xp: number; cycles: number; seconds: number } {
  let xp = 0;
  let cycles = 0;
  let seconds = 0;
  for (const t of Object.values(record.days)) {
    xp += t.xp;
    cycles += t.cycles;
    seconds += t.seconds;
  }
  return { xp, cycles, seconds };
}

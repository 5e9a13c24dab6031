/**
 * Local calendar days as 'YYYY-MM-DD' strings (packages/core/RULES.md "Days and streaks"). A day carries no time zone:
 * arithmetic runs on the UTC calendar of the string itself, so daylight-saving changes can never shift it.
 */

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Thrown when a string is not a real calendar day in 'YYYY-MM-DD' form; `code` is stable. */
export class DayError extends Error {
  readonly code = 'invalid_day';
  constructor(readonly day: unknown) {
    super(`Not a calendar day in YYYY-MM-DD form: ${JSON.stringify(day)}`);
    this.name = 'DayError';
  }
}

function toUtcMs(day: string): number | null {
  const m = DAY_PATTERN.exec(day);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over into March; a real day survives the round trip unchanged.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms;
}

function dayMs(day: string): number {
  const ms = typeof day === 'string' ? toUtcMs(day) : null;
  if (ms === null) throw new DayError(day);
  return ms;
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True for a real calendar day written 'YYYY-MM-DD'. */
export function isDay(value: unknown): value is string {
  return typeof value === 'string' && toUtcMs(value) !== null;
}

/** The day `delta` days after `day` (before it when negative). */
export function addDays(day: string, delta: number): string {
  if (!Number.isInteger(delta)) throw new RangeError(`addDays needs a whole number of days, got ${delta}`);
  return fromUtcMs(dayMs(day) + delta * DAY_MS);
}

/** Whole days from `from` to `to`: positive when `to` is later. daysBetween(d, addDays(d, n)) === n. */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/** The Monday of the ISO week containing `day` (ISO weeks start on Monday). */
export function weekStart(day: string): string {
  const ms = dayMs(day);
  const isoWeekday = ((new Date(ms).getUTCDay() + 6) % 7) + 1; // Monday 1 … Sunday 7
  return fromUtcMs(ms - (isoWeekday - 1) * DAY_MS);
}

/** The device's local calendar day of a moment, from the Date's local fields (the person's own midnight). */
export function localDayOf(date: Date): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

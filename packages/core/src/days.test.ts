import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, DayError, daysBetween, isDay, localDayOf, weekStart } from './days.ts';

describe('days', () => {
  it('recognises real calendar days only', () => {
    expect(isDay('2026-11-22')).toBe(true);
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('2026-1-01')).toBe(false);
    expect(isDay(20261122)).toBe(false);
  });

  it('adds days across months, leap years and new year', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(() => addDays('2026-03-29', 0.5)).toThrow(RangeError);
    expect(() => addDays('yesterday', 1)).toThrow(DayError);
  });

  it('counts days between two days', () => {
    expect(daysBetween('2026-11-20', '2026-11-22')).toBe(2);
    expect(daysBetween('2026-11-22', '2026-11-20')).toBe(-2);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('daysBetween undoes addDays', () => {
    const day = fc.integer({ min: 0, max: 40_000 }).map((n) => addDays('1970-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: -5000, max: 5000 }), (d, n) => daysBetween(d, addDays(d, n)) === n),
    );
  });

  it('weekStart is the Monday of the ISO week', () => {
    expect(weekStart('2026-11-22')).toBe('2026-11-16'); // a Sunday
    expect(weekStart('2026-11-23')).toBe('2026-11-23'); // a Monday
    expect(weekStart('2026-01-01')).toBe('2025-12-29'); // a Thursday
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (n) => {
        const d = addDays('1970-01-01', n);
        const monday = weekStart(d);
        const offset = daysBetween(monday, d);
        return offset >= 0 && offset < 7 && weekStart(monday) === monday;
      }),
    );
  });

  it('localDayOf reads the local calendar fields', () => {
    expect(localDayOf(new Date(2026, 10, 22, 23, 59))).toBe('2026-11-22');
    expect(localDayOf(new Date(2026, 0, 1, 0, 0))).toBe('2026-01-01');
    expect(localDayOf(new Date(999, 0, 5))).toBe('0999-01-05');
  });
});

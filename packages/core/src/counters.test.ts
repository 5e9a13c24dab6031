import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DayCounters,
  type DeviceDays,
  isPlausibleDay,
  mergeDeviceDays,
  recentDays,
  sumDeviceDays,
} from './counters.ts';
import { addDays } from './days.ts';

const counters = fc.record({
  xp: fc.nat({ max: 5000 }),
  cycles: fc.nat({ max: 5000 }),
  seconds: fc.nat({ max: 86_400 }),
});
const dayArb = fc.integer({ min: 0, max: 20 }).map((n) => addDays('2026-11-01', n));
const deviceDays: fc.Arbitrary<DeviceDays> = fc.dictionary(dayArb, counters, { maxKeys: 10 });

/** Equality that ignores key order. */
const same = (a: DeviceDays, b: DeviceDays) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
};

describe('mergeDeviceDays', () => {
  it('takes the maximum per day and per counter', () => {
    const a = { '2026-11-01': { xp: 10, cycles: 1, seconds: 100 } };
    const b = {
      '2026-11-01': { xp: 5, cycles: 3, seconds: 90 },
      '2026-11-02': { xp: 1, cycles: 1, seconds: 9 },
    };
    expect(mergeDeviceDays(a, b)).toEqual({
      '2026-11-01': { xp: 10, cycles: 3, seconds: 100 },
      '2026-11-02': { xp: 1, cycles: 1, seconds: 9 },
    });
  });

  it('is idempotent, commutative and associative', () => {
    fc.assert(fc.property(deviceDays, (a) => same(mergeDeviceDays(a, a), a)));
    fc.assert(
      fc.property(deviceDays, deviceDays, (a, b) => same(mergeDeviceDays(a, b), mergeDeviceDays(b, a))),
    );
    fc.assert(
      fc.property(deviceDays, deviceDays, deviceDays, (a, b, c) =>
        same(mergeDeviceDays(mergeDeviceDays(a, b), c), mergeDeviceDays(a, mergeDeviceDays(b, c))),
      ),
    );
  });

  it('never decreases a counter', () => {
    fc.assert(
      fc.property(deviceDays, deviceDays, (a, b) => {
        const m = mergeDeviceDays(a, b);
        for (const side of [a, b]) {
          for (const [day, c] of Object.entries(side)) {
            const merged = m[day] as DayCounters;
            if (merged.xp < c.xp || merged.cycles < c.cycles || merged.seconds < c.seconds) return false;
          }
        }
        return true;
      }),
    );
  });
});

describe('isPlausibleDay', () => {
  it('is exactly the server check', () => {
    expect(isPlausibleDay({ xp: 30, cycles: 30, seconds: 60 })).toBe(true);
    expect(isPlausibleDay({ xp: 31, cycles: 0, seconds: 60 })).toBe(false); // ceil(60 / 3) + 10 = 30
    expect(isPlausibleDay({ xp: 31, cycles: 0, seconds: 61 })).toBe(true); // ceil(61 / 3) + 10 = 31
    expect(isPlausibleDay({ xp: 10, cycles: 15, seconds: 0 })).toBe(true);
    expect(isPlausibleDay({ xp: 11, cycles: 0, seconds: 0 })).toBe(false);
    expect(isPlausibleDay({ xp: 0, cycles: 16, seconds: 0 })).toBe(false); // 64 > 0 + 60
    expect(isPlausibleDay({ xp: 0, cycles: 0, seconds: 86_400 })).toBe(true);
    expect(isPlausibleDay({ xp: 0, cycles: 0, seconds: 86_401 })).toBe(false);
    expect(isPlausibleDay({ xp: -1, cycles: 0, seconds: 0 })).toBe(false);
    expect(isPlausibleDay({ xp: 1.5, cycles: 0, seconds: 100 })).toBe(false);
    expect(isPlausibleDay({ xp: 0, cycles: Number.NaN, seconds: 100 })).toBe(false);
  });
});

describe('recentDays and sums', () => {
  it('sends today and the 30 days before it, oldest first', () => {
    const days: Record<string, DayCounters> = {};
    for (let i = -40; i <= 2; i++) days[addDays('2026-11-22', i)] = { xp: 1, cycles: 1, seconds: 60 };
    const rows = recentDays(days, '2026-11-22');
    expect(rows).toHaveLength(31);
    expect(rows[0]).toEqual({ day: '2026-10-23', xp: 1, cycles: 1, seconds: 60 });
    expect(rows.at(-1)?.day).toBe('2026-11-22');
    expect(recentDays(days, '2026-11-22', 0)).toHaveLength(1);
  });

  it('sums devices per day', () => {
    const a = { '2026-11-01': { xp: 1, cycles: 2, seconds: 30 } };
    const b = {
      '2026-11-01': { xp: 3, cycles: 4, seconds: 40 },
      '2026-11-02': { xp: 5, cycles: 6, seconds: 70 },
    };
    expect(sumDeviceDays([a, b])).toEqual({
      '2026-11-01': { xp: 4, cycles: 6, seconds: 70 },
      '2026-11-02': { xp: 5, cycles: 6, seconds: 70 },
    });
  });
});

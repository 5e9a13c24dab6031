import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, DayError } from './days.ts';
import { computeStreaks, MAX_FREEZES, streakRuns } from './streaks.ts';

const TODAY = '2026-06-30';
const activeArb = fc
  .uniqueArray(fc.integer({ min: -60, max: 3 }), { maxLength: 50 })
  .map((offsets) => offsets.map((n) => addDays(TODAY, n)));

/** The streak with no freezes at all: plain runs of consecutive days. */
function plainLongest(days: string[]): number {
  const sorted = [...new Set(days)].filter((d) => d <= TODAY).sort();
  let best = 0;
  let run = 0;
  let prev: string | null = null;
  for (const d of sorted) {
    run = prev !== null && addDays(prev, 1) === d ? run + 1 : 1;
    best = Math.max(best, run);
    prev = d;
  }
  return best;
}

describe('computeStreaks', () => {
  it('counts the run ending today or yesterday', () => {
    expect(computeStreaks([], TODAY)).toEqual({ current: 0, longest: 0, freezesHeld: 0 });
    expect(computeStreaks([addDays(TODAY, -1), addDays(TODAY, -2)], TODAY).current).toBe(2);
    expect(computeStreaks([addDays(TODAY, -2)], TODAY)).toEqual({ current: 0, longest: 1, freezesHeld: 0 });
  });

  it('earns a freeze on the 7th and 14th day and holds at most two', () => {
    const days = Array.from({ length: 21 }, (_, i) => addDays(TODAY, -20 + i));
    const runs = streakRuns(days);
    expect(runs.map((r) => r.freezes)).toEqual([
      0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2,
    ]);
    expect(computeStreaks(days, TODAY).freezesHeld).toBe(2);
  });

  it('refuses malformed days', () => {
    expect(() => computeStreaks(['2026-02-30'], TODAY)).toThrow(DayError);
    expect(() => computeStreaks([], 'today')).toThrow(DayError);
  });

  it('keeps its invariants for any set of active days', () => {
    fc.assert(
      fc.property(activeArb, (days) => {
        const s = computeStreaks(days, TODAY);
        const upToToday = days.filter((d) => d <= TODAY);
        expect(s.current).toBeLessThanOrEqual(s.longest);
        expect(s.longest).toBeLessThanOrEqual(upToToday.length);
        // Freezes only ever lengthen runs.
        expect(s.longest).toBeGreaterThanOrEqual(plainLongest(days));
        expect(s.freezesHeld).toBeGreaterThanOrEqual(0);
        expect(s.freezesHeld).toBeLessThanOrEqual(MAX_FREEZES);
        if (s.current > 0) expect(upToToday.some((d) => d >= addDays(TODAY, -1))).toBe(true);
        // Only the set matters: order and repeats do not.
        expect(computeStreaks([...days].reverse().concat(days), TODAY)).toEqual(s);
      }),
    );
  });

  it('being active today never shortens the current streak, and adds one to it', () => {
    fc.assert(
      fc.property(activeArb, (days) => {
        const without = days.filter((d) => d !== TODAY);
        const a = computeStreaks(without, TODAY);
        const b = computeStreaks([...without, TODAY], TODAY);
        expect(b.current).toBeGreaterThanOrEqual(1);
        if (without.includes(addDays(TODAY, -1))) expect(b.current).toBe(a.current + 1);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from './backoff.ts';

const options = { baseMs: 1_000, capMs: 60_000 };

describe('backoff with full jitter', () => {
  it('doubles the window per attempt up to the cap', () => {
    expect([0, 1, 2, 3, 5, 6, 7, 100, 5000].map((a) => backoffCeiling(a, options))).toEqual([
      1_000, 2_000, 4_000, 8_000, 32_000, 60_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('draws the delay uniformly from the whole window', () => {
    expect(backoffDelay(3, () => 0, options)).toBe(0);
    expect(backoffDelay(3, () => 0.5, options)).toBe(4_000);
    expect(backoffDelay(3, () => 0.999_999, options)).toBe(7_999);
  });

  it('never exceeds the cap nor goes negative', () => {
    fc.assert(
      fc.property(
        fc.nat(10_000),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, r) => {
          const d = backoffDelay(attempt, () => r, options);
          return d >= 0 && d < options.capMs && d < backoffCeiling(attempt, options) + 1;
        },
      ),
    );
  });

  it('refuses a negative or fractional attempt', () => {
    expect(() => backoffCeiling(-1)).toThrow(RangeError);
    expect(() => backoffCeiling(1.5)).toThrow(RangeError);
  });
});

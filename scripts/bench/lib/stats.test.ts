import { describe, expect, it } from 'vitest';
import { median, percentile, summarize } from './stats.ts';

describe('benchmark statistics', () => {
  it('uses the nearest rank, so a percentile is always an observed value', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(median(samples)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 10)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
  });

  it('summarizes without reordering the caller’s array', () => {
    const samples = [3, 1, 2];
    expect(summarize(samples)).toEqual({ n: 3, median: 2, p95: 3, p99: 3, min: 1, max: 3 });
    expect(samples).toEqual([3, 1, 2]);
  });
});

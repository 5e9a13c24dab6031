import { describe, expect, it } from 'vitest';
import { historyDays, targetRanks } from './population.ts';

describe('the pushing pool', () => {
  it('places 5% in the top 100, 5% just below it, the rest between rank 100 and the bottom', () => {
    const ranks = targetRanks(400, 100_000, 7);
    expect(ranks.filter((r) => r <= 100)).toHaveLength(20);
    expect(ranks.filter((r) => r > 100 && r <= 120).length).toBeGreaterThanOrEqual(20);
    expect(Math.max(...ranks)).toBeLessThanOrEqual(100_000);
    expect(ranks.filter((r) => r > 10_000).length).toBeGreaterThan(50);
  });

  it('builds 30 days that sum to the total and pass the server’s plausibility rule', () => {
    for (const total of [1, 250, 300, 301, 40_000, 900_000]) {
      const { days, todayXp } = historyDays(total, '2026-12-03');
      expect(days.reduce((n, d) => n + d.xp, 0)).toBe(Math.min(total, 300 + 29 * 28_000));
      expect(todayXp).toBe(Math.min(total, 300));
      expect(days[0]?.day).toBe('2026-12-03');
      expect(new Set(days.map((d) => d.day)).size).toBe(days.length);
      expect(days.length).toBeLessThanOrEqual(30);
      for (const d of days) {
        expect(d.seconds).toBeLessThanOrEqual(86_400);
        expect(d.xp).toBeLessThanOrEqual(Math.ceil(d.seconds / 3) + 10);
        expect(4 * d.cycles).toBeLessThanOrEqual(d.seconds + 60);
        expect(d.day >= '2026-11-04').toBe(true);
      }
    }
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DayCounters, EMPTY_DAY, isPlausibleDay } from './counters.ts';
import { cycleSeconds, PATTERNS } from './patterns.ts';
import type { SessionSummary } from './session-view.ts';
import { awardSession, sessionBonus, xpPerCycle } from './xp.ts';

const summary = (cycleSecs: number, cycles: number, seconds: number): SessionSummary => ({
  day: '2026-11-22',
  patternId: 'box',
  custom: false,
  cycleSeconds: cycleSecs,
  cycles,
  seconds,
  startedAt: 0,
  endedAt: seconds * 1000,
  endReason: 'stopped',
});

describe('XP rules', () => {
  it('gives max(1, floor(cycle / 4)) per cycle', () => {
    expect(xpPerCycle(4)).toBe(1);
    expect(xpPerCycle(7.9)).toBe(1);
    expect(xpPerCycle(8)).toBe(2);
    expect(xpPerCycle(60)).toBe(15);
    expect(xpPerCycle(2)).toBe(1);
  });

  it('gives the session bonus at 60 s and the larger one at 300 s', () => {
    expect([0, 59, 60, 299, 300, 3600].map(sessionBonus)).toEqual([0, 0, 5, 5, 15, 15]);
  });

  it('awards cycles, the session bonus and the first 60-second session of the day', () => {
    const first = awardSession(EMPTY_DAY, summary(16, 18, 300), false);
    expect(first).toEqual({
      xp: 72 + 15 + 10,
      breakdown: { cycles: 72, session: 15, daily: 10, capped: 0 },
      dayAfter: { xp: 97, cycles: 18, seconds: 300 },
      dailyBonusGiven: true,
    });
    const second = awardSession(first.dayAfter, summary(10, 6, 60), first.dailyBonusGiven);
    expect(second.breakdown).toEqual({ cycles: 12, session: 5, daily: 0, capped: 0 });
    expect(second.dayAfter).toEqual({ xp: 114, cycles: 24, seconds: 360 });
  });

  it('gives no daily bonus to a short session, and keeps it for a later one that reaches 60 s', () => {
    const short = awardSession(EMPTY_DAY, summary(16, 3, 50), false);
    expect(short.breakdown.daily).toBe(0);
    expect(short.dailyBonusGiven).toBe(false);
    expect(awardSession(short.dayAfter, summary(16, 4, 64), false).breakdown.daily).toBe(10);
  });

  it('caps a day that would hold more than 24 hours of breathing', () => {
    const full: DayCounters = { xp: 28_800, cycles: 21_600, seconds: 86_000 };
    const award = awardSession(full, summary(4, 250, 1000), true);
    expect(award.dayAfter.seconds).toBe(86_400);
    expect(isPlausibleDay(award.dayAfter)).toBe(true);
    expect(award.breakdown.capped).toBeGreaterThan(0);
    expect(award.xp).toBe(award.dayAfter.xp - full.xp);
  });

  it('never lowers a day that was already over a bound', () => {
    const odd: DayCounters = { xp: 500, cycles: 10, seconds: 100 };
    const award = awardSession(odd, summary(16, 1, 16), true);
    expect(award.dayAfter).toEqual({ xp: 500, cycles: 11, seconds: 116 });
    expect(award.xp).toBe(0);
  });
});

/** Sessions as the engine can produce them: cycles ≤ breathing time / cycle length. */
const sessionArb = fc
  .record({
    pattern: fc.oneof(
      fc.constantFrom(...PATTERNS.map(cycleSeconds)),
      fc.integer({ min: 4000, max: 60_000 }).map((ms) => ms / 1000),
    ),
    ms: fc.oneof(fc.integer({ min: 0, max: 120_000 }), fc.integer({ min: 0, max: 40_000_000 })),
  })
  .map(({ pattern, ms }) =>
    summary(pattern, Math.floor(ms / Math.round(pattern * 1000)), Math.floor(ms / 1000)),
  );

describe('XP stays within the server plausibility check', () => {
  it('no sequence of sessions in a day produces a day the check refuses', () => {
    fc.assert(
      fc.property(fc.array(sessionArb, { maxLength: 60 }), fc.boolean(), (sessions, bonusGiven) => {
        let day: DayCounters = EMPTY_DAY;
        let given = bonusGiven;
        let dailyBonuses = 0;
        for (const s of sessions) {
          const award = awardSession(day, s, given);
          expect(award.xp).toBe(
            award.breakdown.cycles + award.breakdown.session + award.breakdown.daily - award.breakdown.capped,
          );
          expect(award.xp).toBeGreaterThanOrEqual(0);
          dailyBonuses += award.breakdown.daily > 0 ? 1 : 0;
          day = award.dayAfter;
          given = award.dailyBonusGiven;
          expect(isPlausibleDay(day), JSON.stringify(day)).toBe(true);
        }
        expect(dailyBonuses).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('the cap only ever bites on a day over 24 hours', () => {
    fc.assert(
      fc.property(fc.array(sessionArb, { maxLength: 30 }), (sessions) => {
        let day: DayCounters = EMPTY_DAY;
        let given = false;
        let totalSeconds = 0;
        for (const s of sessions) {
          totalSeconds += s.seconds;
          const award = awardSession(day, s, given);
          if (totalSeconds <= 86_400) expect(award.breakdown.capped).toBe(0);
          day = award.dayAfter;
          given = award.dailyBonusGiven;
        }
      }),
      { numRuns: 300 },
    );
  });
});

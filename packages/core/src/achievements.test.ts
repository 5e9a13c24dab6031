import { describe, expect, it } from 'vitest';
import { ACHIEVEMENTS, deriveAchievements, deriveLocalAchievements, getAchievement } from './achievements.ts';
import type { DayCounters } from './counters.ts';
import { addDays } from './days.ts';

describe('synced achievements', () => {
  it('dates each on the day it was first reached', () => {
    const days: Record<string, DayCounters> = {
      '2026-11-01': { xp: 4, cycles: 0, seconds: 30 },
      '2026-11-02': { xp: 40, cycles: 60, seconds: 200 },
      '2026-11-03': { xp: 1000, cycles: 50, seconds: 320 },
      '2026-11-04': { xp: 10, cycles: 2, seconds: 60 },
    };
    expect(deriveAchievements(days, { teamGoalReachedOn: '2026-11-03' })).toEqual([
      { id: 'first-breath', unlockedOn: '2026-11-02' },
      { id: 'cycles-100', unlockedOn: '2026-11-03' },
      { id: 'five-minutes', unlockedOn: '2026-11-03' },
      { id: 'level-5', unlockedOn: '2026-11-03' },
      { id: 'team-goal', unlockedOn: '2026-11-03' },
      { id: 'streak-3', unlockedOn: '2026-11-04' },
    ]);
  });

  it('reaches streaks through freezes and long totals', () => {
    const days: Record<string, DayCounters> = {};
    for (let i = 0; i < 40; i++) {
      if (i === 10) continue; // a single inactive day, bridged by the freeze earned on day 7
      days[addDays('2026-01-01', i)] = { xp: 500, cycles: 300, seconds: 1200 };
    }
    const got = Object.fromEntries(deriveAchievements(days).map((u) => [u.id, u.unlockedOn]));
    expect(got['streak-7']).toBe('2026-01-07');
    expect(got['streak-30']).toBe('2026-01-31');
    expect(got['streak-100']).toBeUndefined();
    expect(got['cycles-10000']).toBe('2026-02-04'); // the 34th active day: 34 × 300 = 10,200
    expect(got['level-20']).toBe('2026-02-08'); // 38 × 500 = 19,000
    expect(got['team-goal']).toBeUndefined();
  });
});

describe('local achievements', () => {
  it('finds every pattern tried, a custom pattern and ten sessions in one ISO week', () => {
    const sessions = [
      { day: '2026-11-16', patternId: 'box' },
      { day: '2026-11-16', patternId: 'relax-478' },
      { day: '2026-11-17', patternId: 'custom' },
      { day: '2026-11-17', patternId: 'coherent' },
      { day: '2026-11-18', patternId: 'calm' },
      { day: '2026-11-19', patternId: 'sigh' },
      ...Array.from({ length: 4 }, () => ({ day: '2026-11-22', patternId: 'box' })),
    ];
    expect(deriveLocalAchievements(sessions)).toEqual([
      { id: 'custom-pattern', unlockedOn: '2026-11-17' },
      { id: 'every-pattern', unlockedOn: '2026-11-19' },
      { id: 'ten-in-a-week', unlockedOn: '2026-11-22' },
    ]);
  });

  it('does not count ten sessions spread over two ISO weeks', () => {
    const sessions = [
      ...Array.from({ length: 5 }, () => ({ day: '2026-11-22', patternId: 'box' })), // a Sunday
      ...Array.from({ length: 5 }, () => ({ day: '2026-11-23', patternId: 'box' })), // the next Monday
    ];
    expect(deriveLocalAchievements(sessions)).toEqual([]);
  });

  it('uses patterns tried long ago that left the history', () => {
    const got = deriveLocalAchievements(
      [{ day: '2026-11-20', patternId: 'sigh' }],
      ['box', 'relax-478', 'coherent', 'calm'],
    );
    expect(got).toEqual([{ id: 'every-pattern', unlockedOn: '2026-11-20' }]);
  });

  it('lists every achievement once with a title', () => {
    expect(new Set(ACHIEVEMENTS.map((a) => a.id)).size).toBe(ACHIEVEMENTS.length);
    expect(getAchievement('streak-7')?.synced).toBe(true);
    expect(getAchievement('ten-in-a-week')?.synced).toBe(false);
    expect(getAchievement('nope')).toBeUndefined();
  });
});

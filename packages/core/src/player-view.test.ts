import { describe, expect, it } from 'vitest';
import { playerView } from './player-view.ts';

describe('playerView', () => {
  it('sums devices per day, counts a day active at 60 summed seconds, and takes the ISO week of today', () => {
    const laptop = {
      '2026-11-20': { xp: 20, cycles: 5, seconds: 40 },
      '2026-11-21': { xp: 30, cycles: 8, seconds: 120 },
      '2026-11-15': { xp: 50, cycles: 10, seconds: 300 },
    };
    const browser = {
      '2026-11-20': { xp: 10, cycles: 2, seconds: 20 },
      '2026-11-22': { xp: 5, cycles: 1, seconds: 30 },
    };
    const view = playerView([laptop, browser], '2026-11-22');
    expect(view).toMatchObject({
      totalXp: 115,
      totalCycles: 26,
      totalSeconds: 510,
      activeDays: 3,
      lastActiveDay: '2026-11-21',
      currentStreak: 2,
      longestStreak: 2,
      weekStart: '2026-11-16',
      weeklyXp: 65,
    });
    expect(view.level).toMatchObject({ level: 2, xpIntoLevel: 15 });
  });

  it('is empty for a player without days', () => {
    expect(playerView([], '2026-11-22')).toMatchObject({
      totalXp: 0,
      activeDays: 0,
      lastActiveDay: null,
      currentStreak: 0,
      weeklyXp: 0,
      level: { level: 1, title: 'Novice Breather' },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { celebrationMessages } from './notifications.ts';
import type { ProgressSummary } from './summary.ts';

const base: ProgressSummary = {
  level: 2,
  title: 'Novice Breather',
  totalXp: 120,
  xpIntoLevel: 20,
  xpForLevel: 200,
  currentStreak: 1,
  longestStreak: 1,
  freezes: 0,
  todayCycles: 5,
  todaySeconds: 80,
  totalCycles: 30,
  achievements: [
    { id: 'first-breath', name: 'First Breath', unlocked: true },
    { id: 'five-minutes', name: 'Five Minutes of Calm', unlocked: false },
  ],
};

describe('celebrationMessages', () => {
  it('is silent when nothing new was earned', () => {
    expect(celebrationMessages(base, { ...base, totalXp: 130 })).toEqual([]);
  });

  it('announces a level-up and each newly unlocked achievement once', () => {
    const after: ProgressSummary = {
      ...base,
      level: 3,
      title: 'Steady Breather',
      achievements: base.achievements.map((a) => ({ ...a, unlocked: true })),
    };
    expect(celebrationMessages(base, after)).toEqual([
      'Level 3: Steady Breather. Well breathed.',
      'Achievement unlocked: Five Minutes of Calm',
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { levelForXp, levelNumberForXp, levelStartXp, titleForLevel } from './levels.ts';

describe('levels', () => {
  it('starts level n at 50 n (n - 1) XP', () => {
    expect([1, 2, 3, 4, 5, 10, 20].map(levelStartXp)).toEqual([0, 100, 300, 600, 1000, 4500, 19_000]);
  });

  it('finds the level at and around each threshold', () => {
    expect(levelNumberForXp(-5)).toBe(1);
    expect(levelNumberForXp(99)).toBe(1);
    expect(levelNumberForXp(100)).toBe(2);
    expect(levelNumberForXp(18_999)).toBe(19);
    expect(levelNumberForXp(19_000)).toBe(20);
    expect(levelNumberForXp(levelStartXp(5000))).toBe(5000);
    expect(levelNumberForXp(levelStartXp(5000) - 1)).toBe(4999);
  });

  it('is the largest n whose start is within the XP', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2_000_000_000 }), (xp) => {
        const n = levelNumberForXp(xp);
        return levelStartXp(n) <= xp && levelStartXp(n + 1) > xp;
      }),
    );
  });

  it('names the titles of packages/core/RULES.md', () => {
    const titles = [1, 2, 3, 4, 5, 7, 8, 12, 16, 19, 20, 29, 30, 99].map(titleForLevel);
    expect(titles).toEqual([
      'Novice Breather',
      'Novice Breather',
      'Steady Breather',
      'Steady Breather',
      'Calm Coder',
      'Calm Coder',
      'Focused Flow',
      'Zen Engineer',
      'Breath Master',
      'Breath Master',
      'Serene Sage',
      'Serene Sage',
      'Eternal Exhale',
      'Eternal Exhale',
    ]);
  });

  it('describes progress through a level', () => {
    expect(levelForXp(350)).toEqual({
      level: 3,
      title: 'Steady Breather',
      levelStartXp: 300,
      nextLevelXp: 600,
      xpIntoLevel: 50,
      xpToNext: 250,
      progress: 50 / 300,
    });
    expect(levelForXp(0).progress).toBe(0);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { levelNumberForXp } from '../levels.ts';
import { computeStreaks } from '../streaks.ts';
import {
  buildLevelVectors,
  buildStreakVectors,
  type LevelVector,
  type StreakVector,
} from './build-vectors.ts';

const read = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../vectors/${name}`, import.meta.url), 'utf8'));

describe('shared test vectors', () => {
  it('levels.json is what the generator produces now (run `npm run vectors` after a rule change)', () => {
    expect(read('levels.json')).toEqual(buildLevelVectors());
  });

  it('streaks.json is what the generator produces now', () => {
    expect(read('streaks.json')).toEqual(buildStreakVectors());
  });

  it('every level vector holds for levelNumberForXp', () => {
    const vectors = read('levels.json') as LevelVector[];
    expect(vectors.length).toBeGreaterThan(100);
    for (const v of vectors) expect(levelNumberForXp(v.xp), `xp ${v.xp}`).toBe(v.level);
  });

  it('every streak vector holds for computeStreaks', () => {
    const vectors = read('streaks.json') as StreakVector[];
    expect(vectors.filter((v) => v.note === undefined).length).toBeGreaterThanOrEqual(30);
    for (const v of vectors) {
      const { current, longest } = computeStreaks(v.activeDays, v.today);
      expect({ current, longest }, v.note ?? JSON.stringify(v)).toEqual({
        current: v.current,
        longest: v.longest,
      });
    }
  });

  it('the hand-picked cases show the freeze rules', () => {
    const byNote = new Map((read('streaks.json') as StreakVector[]).map((v) => [v.note, v]));
    const pick = (note: string) => byNote.get(note);
    expect(pick('seven days earn a freeze, one inactive day consumes it')?.current).toBe(8);
    expect(pick('seven days, two inactive days: the run ends')).toMatchObject({ current: 1, longest: 7 });
    expect(pick('fourteen days hold two freezes: two single gaps are bridged')?.current).toBe(16);
    expect(pick('twenty-one days hold at most two freezes: the third single gap ends the run')).toMatchObject(
      {
        current: 1,
        longest: 23,
      },
    );
    expect(pick('only the day before yesterday: the streak has ended')?.current).toBe(0);
  });
});

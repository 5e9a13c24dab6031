import { describe, expect, it } from 'vitest';
import {
  cycleSeconds,
  describeRhythm,
  getPattern,
  isBuiltInPatternId,
  PATTERNS,
  phaseLabel,
} from './patterns.ts';
import { xpPerCycle } from './xp.ts';

describe('patterns', () => {
  it('has the five patterns of breathing.md with their cycle lengths and XP per cycle', () => {
    const table = PATTERNS.map((p) => [p.id, cycleSeconds(p), xpPerCycle(p)]);
    expect(table).toEqual([
      ['box', 16, 4],
      ['relax-478', 19, 4],
      ['coherent', 11, 2],
      ['calm', 10, 2],
      ['sigh', 9, 2],
    ]);
  });

  it('finds patterns by id', () => {
    expect(getPattern('calm')?.name).toBe('Calm');
    expect(getPattern('custom')).toBeUndefined();
    expect(isBuiltInPatternId('sigh')).toBe(true);
    expect(isBuiltInPatternId('custom')).toBe(false);
  });

  it('labels phases, with the sigh top-up as a second breath in', () => {
    const sigh = getPattern('sigh');
    if (!sigh) throw new Error('sigh missing');
    expect(sigh.phases.map((_, i) => phaseLabel(sigh, i))).toEqual([
      'Breathe in',
      'Breathe in a little more',
      'Breathe out',
    ]);
    const box = PATTERNS[0];
    if (!box) throw new Error('box missing');
    expect(box.phases.map((_, i) => phaseLabel(box, i))).toEqual([
      'Breathe in',
      'Hold',
      'Breathe out',
      'Rest',
    ]);
    expect(() => phaseLabel(box, 4)).toThrow(RangeError);
  });

  it('describes a rhythm', () => {
    const coherent = getPattern('coherent');
    expect(coherent && describeRhythm(coherent)).toBe('in 5.5 · out 5.5 (11 s)');
  });
});

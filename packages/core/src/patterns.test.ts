import { describe, expect, it } from 'vitest';
import {
  cycleSeconds,
  describeRhythm,
  getPattern,
  isBuiltInPatternId,
  PATTERN_ALIASES,
  PATTERNS,
  phaseLabel,
} from './patterns.ts';
import { xpPerCycle } from './xp.ts';

describe('patterns', () => {
  it("has the five patterns of packages/core/RULES.md and 0.3's three, with their cycle lengths and XP per cycle", () => {
    const table = PATTERNS.map((p) => [p.id, cycleSeconds(p), xpPerCycle(p)]);
    expect(table).toEqual([
      ['box', 16, 4],
      ['relax-478', 19, 4],
      ['coherent', 11, 2],
      ['calm', 10, 2],
      ['sigh', 9, 2],
      ['chill', 14, 3],
      ['medium', 10, 2],
      ['active', 11, 2],
    ]);
  });

  it("has 0.3's timings, inhale-hold-exhale-hold as 0.3 wrote them", () => {
    const written = (id: string) => {
      const p = getPattern(id);
      if (!p) throw new Error(`${id} missing`);
      const s = (kind: string) => p.phases.filter((x) => x.kind === kind).reduce((t, x) => t + x.seconds, 0);
      return [s('inhale'), s('hold'), s('exhale'), s('rest')].join('-');
    };
    expect(['chill', 'medium', 'active', 'boxing', 'relaxing'].map(written)).toEqual([
      '6-0-8-0',
      '5-0-5-0',
      '4-2-4-1',
      '4-4-4-4',
      '4-7-8-0',
    ]);
  });

  it("resolves 0.3's Boxing and Relaxing to Box and 4-7-8: one pattern under two names", () => {
    expect(getPattern('boxing')).toBe(getPattern('box'));
    expect(getPattern('relaxing')).toBe(getPattern('relax-478'));
    expect(getPattern('box')?.aliases).toEqual(['Boxing']);
    expect(getPattern('relax-478')?.aliases).toEqual(['Relaxing']);
    expect(PATTERNS.map((p) => p.id)).not.toContain('boxing');
    // No two patterns share a timing: an old name is an alias, never a second copy.
    expect(new Set(PATTERNS.map((p) => JSON.stringify(p.phases))).size).toBe(PATTERNS.length);
    expect(Object.keys(PATTERN_ALIASES).every((id) => !isBuiltInPatternId(id))).toBe(true);
    expect(getPattern('toString')).toBeUndefined();
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInPatterns, customPattern } from './patterns.ts';
import { emptyRecord, migrateRecord, pushWindow, recordSession } from './record.ts';
import { addDays, levelForXp, streaks, titleForLevel, xpPerCycle } from './rules.ts';

describe('levels', () => {
  it('start where breathing.md says', () => {
    const starts: [number, number][] = [
      [1, 0],
      [2, 100],
      [3, 300],
      [4, 600],
      [5, 1000],
      [10, 4500],
      [20, 19000],
    ];
    for (const [level, xp] of starts) {
      expect(levelForXp(xp)).toBe(level);
      if (xp > 0) expect(levelForXp(xp - 1)).toBe(level - 1);
    }
    expect(titleForLevel(4)).toBe('Steady Breather');
    expect(titleForLevel(16)).toBe('Breath Master');
  });
});

describe('patterns', () => {
  it('earn XP per cycle as listed', () => {
    expect(builtInPatterns.map((p) => [p.id, p.cycleSeconds, xpPerCycle(p.cycleSeconds)])).toEqual([
      ['box', 16, 4],
      ['relax-478', 19, 4],
      ['coherent', 11, 2],
      ['calm', 10, 2],
      ['sigh', 9, 2],
    ]);
  });

  it('refuse custom patterns that break a rule, naming it', () => {
    const bad: [{ kind: string; seconds: number }[], string][] = [
      [[{ kind: 'inhale', seconds: 4 }], 'custom_phase_count'],
      [
        [
          { kind: 'exhale', seconds: 4 },
          { kind: 'inhale', seconds: 4 },
        ],
        'custom_first_inhale',
      ],
      [
        [
          { kind: 'inhale', seconds: 4 },
          { kind: 'hold', seconds: 4 },
        ],
        'custom_needs_exhale',
      ],
      [
        [
          { kind: 'inhale', seconds: 0.4 },
          { kind: 'exhale', seconds: 6 },
        ],
        'custom_phase_length',
      ],
      [
        [
          { kind: 'inhale', seconds: 1 },
          { kind: 'exhale', seconds: 2 },
        ],
        'custom_cycle_length',
      ],
      [
        [
          { kind: 'breathe', seconds: 4 },
          { kind: 'exhale', seconds: 2 },
        ],
        'custom_phase_kind',
      ],
    ];
    for (const [phases, code] of bad)
      expect(() => customPattern(phases)).toThrow(expect.objectContaining({ code }));
    expect(
      customPattern([
        { kind: 'inhale', seconds: 4 },
        { kind: 'exhale', seconds: 6 },
      ]).cycleSeconds,
    ).toBe(10);
  });
});

describe('streaks', () => {
  const run = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));

  it('count consecutive active days ending today or yesterday', () => {
    const days = new Set(run('2026-11-18', 5));
    expect(streaks(days, '2026-11-22')).toMatchObject({ current: 5, longest: 5 });
    expect(streaks(days, '2026-11-23')).toMatchObject({ current: 5 });
    expect(streaks(days, '2026-11-24')).toMatchObject({ current: 0, longest: 5 });
  });

  it('a freeze earned on the 7th day bridges one missed day; two missed days end the run', () => {
    const week = run('2026-11-01', 7);
    const bridged = new Set([...week, ...run('2026-11-09', 3)]);
    expect(streaks(bridged, '2026-11-11')).toMatchObject({ current: 10, longest: 10, freezes: 0 });
    const broken = new Set([...week, ...run('2026-11-10', 2)]);
    expect(streaks(broken, '2026-11-11')).toMatchObject({ current: 2, longest: 7 });
    const noFreeze = new Set([...run('2026-11-01', 3), ...run('2026-11-05', 2)]);
    expect(streaks(noFreeze, '2026-11-06')).toMatchObject({ current: 2, longest: 3 });
  });
});

describe('progress record', () => {
  const outcome = (day: string, cycles: number, seconds: number, cycleSeconds = 16) => ({
    patternId: 'box',
    day,
    cycles,
    seconds,
    cycleSeconds,
  });

  it('gives the daily bonus once per day', () => {
    let r = recordSession(emptyRecord(), outcome('2026-11-22', 4, 64));
    expect(r.days['2026-11-22']).toMatchObject({ xp: 16 + 5 + 10, bonus: true });
    r = recordSession(r, outcome('2026-11-22', 4, 64));
    expect(r.days['2026-11-22']?.xp).toBe(31 + 21);
  });

  it('never produces a day the server would refuse as implausible', () => {
    const session = fc.record({
      cycleSeconds: fc.constantFrom(...builtInPatterns.map((p) => p.cycleSeconds), 4, 60),
      seconds: fc.integer({ min: 1, max: 7_200 }),
      dayOffset: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(session, { maxLength: 40 }), (sessions) => {
        let r = emptyRecord();
        for (const s of sessions) {
          const cycles = Math.floor(s.seconds / s.cycleSeconds);
          r = recordSession(
            r,
            outcome(addDays('2026-11-01', s.dayOffset), cycles, s.seconds, s.cycleSeconds),
          );
        }
        return Object.values(r.days).every(
          (d) => d.xp <= Math.ceil(d.seconds / 3) + 10 && d.cycles * 4 <= d.seconds + 60,
        );
      }),
    );
  });

  it('pushes only today and the 30 days before', () => {
    let r = emptyRecord();
    for (const day of ['2026-10-01', '2026-10-23', '2026-11-22', '2026-11-23'])
      r = recordSession(r, outcome(day, 1, 16));
    expect(pushWindow(r, '2026-11-22').map((d) => d.day)).toEqual(['2026-10-23', '2026-11-22']);
  });

  it('migrates an unversioned record and refuses a newer one', () => {
    expect(migrateRecord({ days: { '2026-11-01': { xp: 4, cycles: 1, seconds: 16 } } })).toMatchObject({
      version: 1,
      patternsUsed: [],
    });
    expect(() => migrateRecord({ version: 2, days: {} })).toThrow(/newer/);
    expect(() => migrateRecord({ version: 1, days: { x: { xp: -1 } } })).toThrow(/malformed/);
  });
});

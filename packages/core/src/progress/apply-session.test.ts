import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../days.ts';
import { cycleSeconds, PATTERNS } from '../patterns.ts';
import type { SessionSummary } from '../session-view.ts';
import { applySessionToProgress, recordXp } from './apply-session.ts';
import { isPlausibleRecord, migrateProgress } from './migrations.ts';
import { emptyProgress, type ProgressRecord } from './record.ts';

const session = (
  day: string,
  patternId: string,
  cycles: number,
  seconds: number,
  cycleSecs = 16,
): SessionSummary => ({
  day,
  patternId,
  custom: patternId === 'custom',
  cycleSeconds: cycleSecs,
  cycles,
  seconds,
  startedAt: 0,
  endedAt: seconds * 1000,
  endReason: 'stopped',
});

describe('applySessionToProgress', () => {
  it('adds the session to its day, gives the daily bonus once, and says what was unlocked', () => {
    const first = applySessionToProgress(emptyProgress(), session('2026-11-22', 'box', 3, 60));
    expect(first.outcome).toMatchObject({
      xp: 27,
      breakdown: { cycles: 12, session: 5, daily: 10, capped: 0 },
      leveledUp: false,
      newAchievements: [{ id: 'first-breath', unlockedOn: '2026-11-22' }],
    });
    expect(first.record).toMatchObject({
      deviceDays: { '2026-11-22': { xp: 27, cycles: 3, seconds: 60 } },
      dailyBonusDays: ['2026-11-22'],
      sessions: [{ day: '2026-11-22', patternId: 'box' }],
      patternsTried: ['box'],
      dirty: true,
    });
    const second = applySessionToProgress(first.record, session('2026-11-22', 'box', 19, 300));
    expect(second.outcome.breakdown).toEqual({ cycles: 76, session: 15, daily: 0, capped: 0 });
    expect(second.outcome).toMatchObject({
      leveledUp: true,
      levelBefore: { level: 1 },
      levelAfter: { level: 2 },
    });
    expect(second.outcome.newAchievements.map((a) => a.id)).toEqual(['five-minutes']);
    expect(second.record.patternsTried).toEqual(['box']);
  });

  it('changes nothing for a session without breathing', () => {
    const record = emptyProgress();
    const applied = applySessionToProgress(record, session('2026-11-22', 'box', 0, 0));
    expect(applied.record).toBe(record);
    expect(applied.outcome.xp).toBe(0);
  });

  it('unlocks local achievements and forgets old bonus days', () => {
    let record: ProgressRecord = { ...emptyProgress(), dailyBonusDays: ['2026-01-01'] };
    const unlocked: string[] = [];
    for (const p of PATTERNS) {
      const applied = applySessionToProgress(record, session('2026-11-17', p.id, 6, 61, cycleSeconds(p)));
      record = applied.record;
      unlocked.push(...applied.outcome.newAchievements.map((a) => a.id));
    }
    const custom = applySessionToProgress(record, session('2026-11-18', 'custom', 6, 60, 10));
    unlocked.push(...custom.outcome.newAchievements.map((a) => a.id));
    expect(unlocked).toEqual(expect.arrayContaining(['first-breath', 'every-pattern', 'custom-pattern']));
    expect(custom.record.dailyBonusDays).toEqual(['2026-11-17', '2026-11-18']);
    expect(custom.record.achievements['every-pattern']).toBe('2026-11-17');
  });

  it('keeps every day plausible, survives a save and reload, and only grows', () => {
    const sessionArb = fc
      .record({
        day: fc.integer({ min: 0, max: 40 }).map((n) => addDays('2026-10-01', n)),
        pattern: fc.constantFrom(...PATTERNS),
        ms: fc.oneof(fc.integer({ min: 0, max: 700_000 }), fc.integer({ min: 0, max: 30_000_000 })),
      })
      .map(({ day, pattern, ms }) =>
        session(
          day,
          pattern.id,
          Math.floor(ms / (cycleSeconds(pattern) * 1000)),
          Math.floor(ms / 1000),
          cycleSeconds(pattern),
        ),
      );
    fc.assert(
      fc.property(fc.array(sessionArb, { maxLength: 40 }), (sessions) => {
        let record = emptyProgress();
        for (const s of sessions) {
          const applied = applySessionToProgress(record, s);
          expect(recordXp(applied.record)).toBe(recordXp(record) + applied.outcome.xp);
          record = applied.record;
        }
        expect(isPlausibleRecord(record)).toBe(true);
        expect(migrateProgress(JSON.parse(JSON.stringify(record)))).toEqual(record);
        expect(record.sessions.length).toBeLessThanOrEqual(50);
      }),
      { numRuns: 200 },
    );
  });
});

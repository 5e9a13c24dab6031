import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlausibleDay, maxDay, mergeDeviceDays } from '../counters.ts';
import { addDays } from '../days.ts';
import { cycleSeconds, PATTERNS } from '../patterns.ts';
import { applySessionToProgress } from '../progress/apply-session.ts';
import { emptyProgress, type ProgressRecord } from '../progress/record.ts';
import { buildExportDocument } from './export-file.ts';
import type { ImportPlan } from './import-plan.ts';
import { importIntoProgress } from './merge-import.ts';
import { parseImport } from './parse-import.ts';

// Records as a device really builds them: sessions applied by core, then written and read as an export file.
const recordArb: fc.Arbitrary<ProgressRecord> = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: 12 }).map((n) => addDays('2026-11-01', n)),
      pattern: fc.constantFrom(...PATTERNS),
      ms: fc.integer({ min: 0, max: 900_000 }),
    }),
    { maxLength: 12 },
  )
  .map((sessions) =>
    sessions.reduce((record, { day, pattern, ms }) => {
      const seconds = Math.floor(ms / 1000);
      const summary = {
        day,
        patternId: pattern.id,
        custom: false,
        cycleSeconds: cycleSeconds(pattern),
        cycles: Math.floor(ms / (cycleSeconds(pattern) * 1000)),
        seconds,
        startedAt: 0,
        endedAt: ms,
        endReason: 'stopped' as const,
      };
      return applySessionToProgress(record, summary).record;
    }, emptyProgress()),
  );

const planOf = (record: ProgressRecord): ImportPlan =>
  parseImport(JSON.stringify(buildExportDocument(record, null, new Date('2026-11-20T00:00:00Z'))));

/** What must not depend on the order of merging (the pattern list keeps first-use order, so compare it as a set). */
const essence = (r: ProgressRecord) => ({
  deviceDays: r.deviceDays,
  dailyBonusDays: r.dailyBonusDays,
  patternsTried: [...r.patternsTried].sort(),
  achievements: r.achievements,
});

describe('importIntoProgress', () => {
  it('takes the larger value per day and counter, and says what it adds', () => {
    const local = {
      ...emptyProgress(),
      deviceDays: {
        '2026-11-01': { xp: 30, cycles: 5, seconds: 80 },
        '2026-11-02': { xp: 10, cycles: 9, seconds: 40 },
      },
    };
    const file = planOf({
      ...emptyProgress(),
      deviceDays: {
        '2026-11-02': { xp: 20, cycles: 4, seconds: 70 },
        '2026-11-03': { xp: 12, cycles: 3, seconds: 61 },
      },
      dailyBonusDays: ['2026-11-03'],
      patternsTried: ['chill'],
    });
    const out = importIntoProgress(local, file);
    expect(out.record.deviceDays).toEqual({
      '2026-11-01': { xp: 30, cycles: 5, seconds: 80 },
      '2026-11-02': { xp: 20, cycles: 9, seconds: 70 },
      '2026-11-03': { xp: 12, cycles: 3, seconds: 61 },
    });
    expect(out.added).toEqual({ days: 1, xp: 22, cycles: 3, seconds: 91 });
    expect(out.record).toMatchObject({
      dirty: true,
      dailyBonusDays: ['2026-11-03'],
      patternsTried: ['chill'],
    });
    // The merged days reach the synced achievements they earn.
    expect(out.record.achievements['first-breath']).toBe('2026-11-01');

    const again = importIntoProgress(out.record, file);
    expect(again).toEqual({
      record: out.record,
      changed: false,
      added: { days: 0, xp: 0, cycles: 0, seconds: 0 },
    });
    expect(again.record).toBe(out.record);
  });

  it('keeps the earlier date of an achievement both sides have, and never drops one', () => {
    const local = {
      ...emptyProgress(),
      achievements: { 'first-breath': '2026-11-05', 'ten-in-a-week': '2026-11-06' },
    };
    const file = planOf({ ...emptyProgress(), achievements: { 'first-breath': '2026-11-02' } });
    expect(importIntoProgress(local, file).record.achievements).toEqual({
      'first-breath': '2026-11-02',
      'ten-in-a-week': '2026-11-06',
    });
  });

  it('is idempotent and commutative with local progress, and loses and invents nothing (property)', () => {
    fc.assert(
      fc.property(recordArb, recordArb, recordArb, (local, a, b) => {
        const fileA = planOf(a);
        const fileB = planOf(b);
        const once = importIntoProgress(local, fileA);
        // Idempotent: the same file again changes nothing.
        const twice = importIntoProgress(once.record, fileA);
        expect(twice.changed).toBe(false);
        expect(twice.record).toBe(once.record);
        // Commutative with local progress: importing A here ends where importing this device's export into A does.
        expect(essence(once.record)).toEqual(essence(importIntoProgress(a, planOf(local)).record));
        // ... and with other files, in either order.
        const ab = importIntoProgress(once.record, fileB).record;
        const ba = importIntoProgress(importIntoProgress(local, fileB).record, fileA).record;
        expect(essence(ab)).toEqual(essence(ba));
        // Exactly sync's rule: the per-day, per-counter maximum; every day stays plausible; nothing counted twice.
        expect(once.record.deviceDays).toEqual(mergeDeviceDays(local.deviceDays, a.deviceDays));
        for (const [day, c] of Object.entries(once.record.deviceDays)) {
          const l = local.deviceDays[day];
          const f = a.deviceDays[day];
          expect(c).toEqual(l && f ? maxDay(l, f) : (l ?? f));
          expect(isPlausibleDay(c)).toBe(true);
        }
        expect(once.record.sessions).toBe(local.sessions);
      }),
      { numRuns: 150 },
    );
  });
});

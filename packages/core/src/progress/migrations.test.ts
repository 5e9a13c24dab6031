import { describe, expect, it } from 'vitest';
import { MIGRATIONS, migrateProgress, ProgressError, tryMigrateProgress } from './migrations.ts';
import { emptyProgress, markSynced, PROGRESS_VERSION } from './record.ts';

const codeOf = (raw: unknown) => {
  const r = tryMigrateProgress(raw);
  return r.ok ? 'ok' : r.error.code;
};

describe('migrateProgress', () => {
  it('has one migration per version step', () => {
    expect(MIGRATIONS).toHaveLength(PROGRESS_VERSION);
  });

  it('reads the current version unchanged', () => {
    const record = {
      ...emptyProgress(),
      deviceDays: { '2026-11-22': { xp: 5, cycles: 1, seconds: 60 } },
      dirty: true,
    };
    expect(migrateProgress(JSON.parse(JSON.stringify(record)))).toEqual(record);
  });

  it('moves a version 1 record (the first extension release) to the current shape', () => {
    const v1 = {
      version: 1,
      days: {
        '2026-11-20': { xp: 27, cycles: 3, seconds: 60, bonus: true },
        '2026-11-21': { xp: 2, cycles: 1, seconds: 12, bonus: false },
      },
      patternsUsed: ['box', 'calm'],
      recentSessionDays: ['2026-11-20', '2026-11-21'],
    };
    expect(migrateProgress(v1)).toEqual({
      version: 2,
      deviceDays: {
        '2026-11-20': { xp: 27, cycles: 3, seconds: 60 },
        '2026-11-21': { xp: 2, cycles: 1, seconds: 12 },
      },
      dailyBonusDays: ['2026-11-20'],
      sessions: [
        { day: '2026-11-20', patternId: null },
        { day: '2026-11-21', patternId: null },
      ],
      patternsTried: ['box', 'calm'],
      achievements: { 'first-breath': '2026-11-20' },
      dirty: true,
    });
  });

  it('reads a pre-release record without a version through both steps', () => {
    const v0 = { days: { '2026-11-01': { xp: 30, cycles: 20, seconds: 320.7 } } };
    const record = migrateProgress(v0);
    expect(record.deviceDays).toEqual({ '2026-11-01': { xp: 30, cycles: 20, seconds: 320 } });
    expect(record.achievements).toEqual({ 'first-breath': '2026-11-01', 'five-minutes': '2026-11-01' });
    expect(record.sessions).toEqual([]);
  });

  it('refuses what it cannot read, with a stable code', () => {
    expect(codeOf(null)).toBe('not_an_object');
    expect(codeOf([1])).toBe('not_an_object');
    expect(codeOf({ version: PROGRESS_VERSION + 1 })).toBe('newer_version');
    expect(codeOf({ version: 'two' })).toBe('unknown_version');
    expect(codeOf({ version: 1.5 })).toBe('unknown_version');
    expect(codeOf({ version: 1, days: { yesterday: { xp: 1, cycles: 1, seconds: 1 } } })).toBe('malformed');
    expect(codeOf({ version: 1, days: { '2026-11-01': { xp: -1, cycles: 1, seconds: 1 } } })).toBe(
      'malformed',
    );
    expect(codeOf({ version: 1, days: 7 })).toBe('ok'); // v1 without days: the migration starts empty
    const current = emptyProgress();
    expect(codeOf({ ...current, deviceDays: { '2026-11-01': { xp: 1.5, cycles: 0, seconds: 9 } } })).toBe(
      'malformed',
    );
    expect(codeOf({ ...current, sessions: 'none' })).toBe('malformed');
    expect(codeOf({ ...current, sessions: [{ day: 'x', patternId: 'box' }] })).toBe('malformed');
    expect(codeOf({ ...current, achievements: [] })).toBe('malformed');
    expect(codeOf({ ...current, achievements: { 'first-breath': 3 } })).toBe('malformed');
    expect(codeOf({ ...current, deviceDays: [] })).toBe('malformed');
  });

  it('throws a ProgressError from migrateProgress', () => {
    expect(() => migrateProgress({ version: 99 })).toThrow(ProgressError);
  });

  it('keeps only the latest sessions', () => {
    const sessions = Array.from({ length: 60 }, (_, i) => ({ day: '2026-11-01', patternId: `p${i}` }));
    expect(migrateProgress({ ...emptyProgress(), sessions }).sessions[0]?.patternId).toBe('p10');
  });

  it('clears the dirty flag after a push', () => {
    const dirty = { ...emptyProgress(), dirty: true };
    expect(markSynced(dirty).dirty).toBe(false);
    const clean = emptyProgress();
    expect(markSynced(clean)).toBe(clean);
  });
});

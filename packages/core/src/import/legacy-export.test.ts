import { describe, expect, it } from 'vitest';
import { isPlausibleDay } from '../counters.ts';
import { localDayOf } from '../days.ts';
import { parseImport, tryParseImport } from './parse-import.ts';

// Days from the UTC calendar, so the expectations hold in any time zone the tests run in.
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const at = (iso: string) => Date.parse(iso);

function legacy(meditation: Record<string, unknown>, version: unknown = '0.3.4') {
  return JSON.stringify({
    exportDate: '2025-09-01T10:00:00.000Z',
    breathMaster: { meditation, onboarding: { hasSeenWelcome: true }, version },
  });
}

const session = (
  id: string,
  startedAt: string | number,
  activeMs: number,
  cycles: number,
  finalXP: number,
) => ({
  id,
  startedAt,
  endedAt: typeof startedAt === 'number' ? startedAt + activeMs : startedAt,
  activeMs,
  cycles,
  finalXP,
  pattern: 'chill',
});

describe("reading Breath Master 0.3's export", () => {
  it('rebuilds days from the session log and reports totals beyond it', () => {
    const text = legacy({
      totalXP: 150,
      currentStreak: 2,
      longestStreak: 5,
      todaySessionTime: 120_000,
      lastMeditationDate: 'Mon Sep 01 2025',
      totalMeditationTime: 1_000_000,
      sessionsToday: 1,
      sessions: [
        session('a', '2025-08-31T09:00:00.000Z', 300_500, 21, 40),
        session('b', at('2025-08-31T18:00:00.000Z'), 119_999, 8, 12),
        session('c', '2025-09-01T08:00:00.000Z', 120_000, 8, 14),
      ],
    });
    const plan = parseImport(text, { dayOf: utcDay });
    expect(plan).toMatchObject({
      format: 'legacy-0.3',
      writtenBy: '0.3.4',
      exportedAt: '2025-09-01T10:00:00.000Z',
      deviceDays: {
        '2025-08-31': { xp: 52, cycles: 29, seconds: 420 },
        '2025-09-01': { xp: 14, cycles: 8, seconds: 120 },
      },
      totals: { days: 2, xp: 66, cycles: 37, seconds: 540 },
      unattributed: { xp: 84, seconds: 459 },
      capped: { xp: 0, cycles: 0, seconds: 0 },
    });
  });

  it('holds each day to the plausibility bound and says how much it held back', () => {
    const text = legacy({
      totalXP: 1000,
      totalMeditationTime: 60_000,
      sessions: [session('a', '2025-08-31T09:00:00.000Z', 60_000, 40, 1000)],
    });
    const plan = parseImport(text, { dayOf: utcDay });
    // xp ≤ ceil(60 / 3) + 10 = 30; cycles × 4 ≤ 60 + 60.
    expect(plan.deviceDays).toEqual({ '2025-08-31': { xp: 30, cycles: 30, seconds: 60 } });
    expect(plan.capped).toEqual({ xp: 970, cycles: 10, seconds: 0 });
    expect(plan.unattributed).toEqual({ xp: 0, seconds: 0 });
  });

  it('caps a day at 86,400 seconds and keeps every day plausible', () => {
    const sessions = Array.from({ length: 30 }, (_, i) =>
      session(`s${i}`, at('2025-08-31T00:10:00.000Z') + i * 60_000, 3_600_000, 900, 1300),
    );
    const plan = parseImport(legacy({ totalXP: 39_000, totalMeditationTime: 108_000_000, sessions }), {
      dayOf: utcDay,
    });
    const day = plan.deviceDays['2025-08-31'];
    expect(day).toEqual({ seconds: 86_400, cycles: 21_615, xp: 28_810 });
    expect(Object.values(plan.deviceDays).every(isPlausibleDay)).toBe(true);
  });

  it('counts a session listed twice once', () => {
    const a = session('a', '2025-08-31T09:00:00.000Z', 120_000, 8, 14);
    const plan = parseImport(legacy({ totalXP: 14, totalMeditationTime: 120_000, sessions: [a, a] }), {
      dayOf: utcDay,
    });
    expect(plan.deviceDays).toEqual({ '2025-08-31': { xp: 14, cycles: 8, seconds: 120 } });
  });

  it('puts sessions on the local day they started by default', () => {
    const started = new Date(2025, 7, 31, 23, 30).getTime();
    const plan = parseImport(
      legacy({
        totalXP: 14,
        totalMeditationTime: 120_000,
        sessions: [session('a', started, 120_000, 8, 14)],
      }),
    );
    expect(Object.keys(plan.deviceDays)).toEqual([localDayOf(new Date(started))]);
  });

  it('invents no day for totals without a session log', () => {
    const plan = parseImport(legacy({ totalXP: 420, totalMeditationTime: 3_600_000, currentStreak: 4 }));
    expect(plan.deviceDays).toEqual({});
    expect(plan.unattributed).toEqual({ xp: 420, seconds: 3600 });
  });

  it('refuses a newer release and malformed fields', () => {
    const code = (text: string) => {
      const r = tryParseImport(text);
      return r.ok ? `ok ${r.value.writtenBy}` : r.error.code;
    };
    expect(code(legacy({ totalXP: 1 }, '0.4.0'))).toBe('newer_version');
    expect(code(legacy({ totalXP: 1 }, '1.0.0'))).toBe('newer_version');
    expect(code(legacy({ totalXP: 1 }, '0.3.9'))).toBe('ok 0.3.9');
    expect(code(legacy({ totalXP: 1 }, '0.2.1'))).toBe('ok 0.2.1');
    expect(code(legacy({ totalXP: 1 }, 3))).toBe('malformed');
    expect(code(legacy({ totalXP: 1 }, 'latest'))).toBe('malformed');
    expect(code(legacy({ totalXP: -1 }))).toBe('malformed');
    expect(code(legacy({ totalXP: 1, sessions: {} }))).toBe('malformed');
    expect(code(legacy({ totalXP: 1, sessions: [null] }))).toBe('malformed');
    expect(code(legacy({ totalXP: 1, sessions: [{ id: 'a', startedAt: 'soon', activeMs: 1 }] }))).toBe(
      'malformed',
    );
    expect(code(legacy({ totalXP: 1, sessions: [{ id: 'a', startedAt: 0 }] }))).toBe('malformed');
    expect(code(legacy({ totalXP: 1, sessions: [{ id: 'a', startedAt: 1e20, activeMs: 1 }] }))).toBe(
      'malformed',
    );
    expect(
      code(legacy({ totalXP: 1, sessions: [{ id: 'a', startedAt: 0, activeMs: 1, cycles: 'x' }] })),
    ).toBe('malformed');
    expect(code(JSON.stringify({ breathMaster: { version: '0.3.4' } }))).toBe('malformed');
  });
});

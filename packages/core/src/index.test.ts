import { describe, expect, it } from 'vitest';
import * as core from './index.ts';

describe('the public surface', () => {
  it('runs a whole session through the package entry: start, breathe, stop, record, view', () => {
    const pattern = core.getPattern('box');
    if (!pattern) throw new Error('box missing');
    const day = core.localDayOf(new Date(2026, 10, 22, 9, 0));
    const started = core.startSession({ pattern, now: 0, localDay: day, lengthSeconds: 300 });
    const { state } = core.advance(started, 301_000);
    const summary = core.summarizeSession(state);
    const { record, outcome } = core.applySessionToProgress(core.emptyProgress(), summary);
    expect(outcome.xp).toBe(18 * 4 + 15 + 10);
    const view = core.playerView([record.deviceDays], day);
    expect(view).toMatchObject({ totalXp: 97, currentStreak: 1, activeDays: 1 });
    expect(core.recentDays(record.deviceDays, day)).toEqual([{ day, xp: 97, cycles: 18, seconds: 300 }]);
    expect(core.isPlausibleDay(record.deviceDays[day] ?? core.EMPTY_DAY)).toBe(true);
  });
});

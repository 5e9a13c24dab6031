import { describe, expect, it } from 'vitest';
import { matchesMinute, parseSchedule, type Schedule } from './schedule.ts';

type CronSchedule = Extract<Schedule, { kind: 'cron' }>;

function cron(text: string): CronSchedule {
  const parsed = parseSchedule(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  if (parsed.schedule.kind !== 'cron') throw new Error(`${text} is not a cron entry`);
  return parsed.schedule;
}

const at = (iso: string) => new Date(`${iso}Z`);

describe('parseSchedule', () => {
  it("reads pg_cron's interval form: 1 to 59 seconds, singular or plural, any case", () => {
    expect(parseSchedule('1 seconds')).toEqual({ ok: true, schedule: { kind: 'interval', seconds: 1 } });
    expect(parseSchedule(' 30 Seconds ')).toEqual({ ok: true, schedule: { kind: 'interval', seconds: 30 } });
    expect(parseSchedule('2 second')).toEqual({ ok: true, schedule: { kind: 'interval', seconds: 2 } });
    expect(parseSchedule('0 seconds')).toMatchObject({ ok: false });
    expect(parseSchedule('60 seconds')).toMatchObject({ ok: false });
    expect(parseSchedule('5 secondc')).toMatchObject({ ok: false });
  });

  it('refuses what pg_cron refuses, saying what is wrong', () => {
    expect(parseSchedule('* * * *')).toEqual({ ok: false, reason: expect.stringContaining('five fields') });
    expect(parseSchedule('61 * * * *')).toEqual({ ok: false, reason: 'bad minute: 61' });
    expect(parseSchedule('* 24 * * *')).toEqual({ ok: false, reason: 'bad hour: 24' });
    expect(parseSchedule('* * 0 * *')).toEqual({ ok: false, reason: 'bad day of month: 0' });
    expect(parseSchedule('* * * foo *')).toEqual({ ok: false, reason: 'bad month: foo' });
    expect(parseSchedule('5-1 * * * *')).toEqual({ ok: false, reason: 'bad minute range: 5-1' });
    expect(parseSchedule('@fortnightly')).toEqual({ ok: false, reason: 'unknown shorthand @fortnightly' });
  });

  it('expands lists, ranges, steps and names', () => {
    const s = cron('0,15-17,*/20 9-17/4 1 jan-mar mon-fri');
    expect(s.minutes.flatMap((on, m) => (on ? [m] : []))).toEqual([0, 15, 16, 17, 20, 40]);
    expect(s.hours.flatMap((on, h) => (on ? [h] : []))).toEqual([9, 13, 17]);
    expect(s.months.flatMap((on, m) => (on ? [m] : []))).toEqual([1, 2, 3]);
    expect(s.weekdays.flatMap((on, d) => (on ? [d] : []))).toEqual([1, 2, 3, 4, 5]);
  });

  it('treats 7 as Sunday and knows the @ shorthands and @reboot', () => {
    expect(cron('0 0 * * 7').weekdays[0]).toBe(true);
    expect(cron('@hourly')).toEqual(cron('0 * * * *'));
    expect(cron('@daily')).toEqual(cron('0 0 * * *'));
    expect(cron('@weekly')).toEqual(cron('0 0 * * 0'));
    expect(cron('@monthly')).toEqual(cron('0 0 1 * *'));
    expect(cron('@yearly')).toEqual(cron('0 0 1 1 *'));
    expect(parseSchedule('@reboot')).toEqual({ ok: true, schedule: { kind: 'reboot' } });
  });
});

describe('matchesMinute', () => {
  it('matches a daily time in UTC', () => {
    const s = cron('30 3 * * *');
    expect(matchesMinute(s, at('2026-12-03T03:30:59'))).toBe(true);
    expect(matchesMinute(s, at('2026-12-03T03:31:00'))).toBe(false);
    expect(matchesMinute(s, at('2026-12-03T04:30:00'))).toBe(false);
  });

  it('runs on either day when both day fields are restricted, as Vixie cron does', () => {
    const s = cron('0 12 1 * mon'); // the 1st, and every Monday
    expect(matchesMinute(s, at('2026-12-01T12:00:00'))).toBe(true); // a Tuesday, the 1st
    expect(matchesMinute(s, at('2026-12-07T12:00:00'))).toBe(true); // a Monday
    expect(matchesMinute(s, at('2026-12-08T12:00:00'))).toBe(false);
  });

  it('needs both when one day field is *', () => {
    const s = cron('0 12 * * sat');
    expect(matchesMinute(s, at('2026-12-05T12:00:00'))).toBe(true);
    expect(matchesMinute(s, at('2026-12-06T12:00:00'))).toBe(false);
  });

  it('reads $ as the last day of the month, leap years included', () => {
    const s = cron('0 12 $ * *');
    expect(matchesMinute(s, at('2026-12-31T12:00:00'))).toBe(true);
    expect(matchesMinute(s, at('2026-12-30T12:00:00'))).toBe(false);
    expect(matchesMinute(s, at('2028-02-29T12:00:00'))).toBe(true);
    expect(matchesMinute(s, at('2027-02-28T12:00:00'))).toBe(true);
  });
});

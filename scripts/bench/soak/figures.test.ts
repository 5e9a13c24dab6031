import { describe, expect, it } from 'vitest';
import { ErrorLog } from './errors.ts';
import { buildFigures, growth, type Sample } from './figures.ts';

const sample = (at: number, rss: number, messages: number): Sample => ({
  at,
  gatewayRssMiB: rss,
  gatewayFds: 40,
  pgConnections: 12,
  realtimeMessages: messages,
});

describe('growth', () => {
  it('is the end over the start, minus one', () => {
    expect(growth(100, 110)).toBeCloseTo(0.1);
    expect(growth(100, 90)).toBeCloseTo(-0.1);
  });
  it('is unbounded from zero, and zero when it stays there', () => {
    expect(growth(0, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(growth(0, 0)).toBe(0);
  });
});

describe('buildFigures', () => {
  it('holds the end against the first sample and lists every sample', () => {
    const figures = buildFigures(
      [sample(0, 100, 50), sample(60, 104, 500), sample(120, 109, 950)],
      new ErrorLog(),
      'load',
    );
    const rss = figures.find((f) => f.name.startsWith('gateway resident memory'));
    expect(rss).toMatchObject({ median: 109, baseline: { median: 100 }, met: true });
    expect(rss?.name).toContain('end of 2.0 min');
    expect(rss?.note).toContain('100 → 104 → 109');
    const rows = figures.find((f) => f.name.startsWith('rows in realtime.messages'));
    expect(rows).toMatchObject({ median: 950, ratio: 19, met: false });
    expect(figures.find((f) => f.name.startsWith('gateway open'))?.met).toBe(true);
  });

  it('allows exactly the 10% (11 connections after 10)', () => {
    const at = (t: number, pg: number): Sample => ({ ...sample(t, 1, 0), pgConnections: pg });
    const pg = buildFigures([at(0, 10), at(60, 11)], new ErrorLog(), 'load').find((f) => f.unit === 'conns');
    expect(pg?.met).toBe(true);
  });

  it('fails on any error and names the kinds and the first messages', () => {
    const errors = new ErrorLog();
    errors.add('push', new Error('sync_progress failed: 500'));
    errors.add('join', 'leaderboard: CHANNEL_ERROR');
    errors.add('push', new Error('sync_progress failed: 503'));
    const [, , , , count] = buildFigures([sample(0, 1, 0), sample(60, 1, 0)], errors, 'load');
    expect(count).toMatchObject({ median: 3, met: false });
    expect(count?.note).toContain('by kind: push 2, join 1');
    expect(count?.note).toContain('push: sync_progress failed: 500');
  });

  it('refuses a run without samples', () => {
    expect(() => buildFigures([], new ErrorLog(), 'load')).toThrow('no samples');
  });
});

import type { Figure } from '../lib/report.ts';
import type { ErrorLog } from './errors.ts';

// The soak's verdict: each resource sampled after the warm-up against its value at the end. A
// resource that leaks grows with the run's length; one that is only in use stays within the goal.

export const BENCH = 'soak';
/** After the warm-up nothing may grow by more than this share. */
export const MAX_GROWTH = 0.1;

export interface Sample {
  /** Seconds since the warm-up ended. */
  at: number;
  gatewayRssMiB: number;
  gatewayFds: number;
  pgConnections: number;
  realtimeMessages: number;
}

export const RESOURCES = [
  { key: 'gatewayRssMiB', name: 'gateway resident memory', unit: 'MiB' },
  { key: 'gatewayFds', name: 'gateway open file descriptors', unit: 'fds' },
  { key: 'pgConnections', name: 'PostgreSQL connections (pg_stat_activity)', unit: 'conns' },
  { key: 'realtimeMessages', name: 'rows in realtime.messages', unit: 'rows' },
] as const;

/**
 * End over start, minus one. A resource at zero after the warm-up has grown without bound if it is
 * anything but zero at the end.
 */
export function growth(start: number, end: number): number {
  if (start === 0) return end === 0 ? 0 : Number.POSITIVE_INFINITY;
  return end / start - 1;
}

const perMinute = (start: number, end: number, seconds: number): string =>
  seconds > 0 ? `${(((end - start) / seconds) * 60).toFixed(1)}/min` : 'not timed';

const fmtSeries = (values: readonly number[]): string =>
  values.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(1))).join(' → ');

export function buildFigures(samples: readonly Sample[], errors: ErrorLog, load: string): Figure[] {
  const first = samples[0];
  const last = samples.at(-1);
  if (first === undefined || last === undefined) throw new Error('the soak took no samples');
  const minutes = (last.at / 60).toFixed(1);
  const figures: Figure[] = RESOURCES.map(({ key, name, unit }) => {
    const g = growth(first[key], last[key]);
    const peak = Math.max(...samples.map((s) => s[key]));
    return {
      bench: BENCH,
      name: `${name}, end of ${minutes} min`,
      unit,
      median: last[key],
      baseline: { name: 'after warm-up', median: first[key] },
      ...(first[key] > 0 ? { ratio: last[key] / first[key] } : {}),
      goal: `≤ +${MAX_GROWTH * 100}%`,
      // Rounded first: 11 connections after 10 is exactly the 10% allowed, not 10.000000000000009%.
      met: Math.round(g * 1e9) <= MAX_GROWTH * 1e9,
      note: `growth ${perMinute(first[key], last[key], last.at - first.at)}, ${Number.isFinite(g) ? `${(100 * g).toFixed(1)}%` : 'from 0'}; peak ${fmtSeries([peak])}; samples ${fmtSeries(samples.map((s) => s[key]))}`,
    };
  });
  const kinds = errors.byKind();
  figures.push({
    bench: BENCH,
    name: `errors during ${minutes} min of churn`,
    unit: 'errors',
    median: errors.total,
    goal: '= 0',
    met: errors.total === 0,
    note: [
      load,
      kinds.length ? `by kind: ${kinds.map(([k, n]) => `${k} ${n}`).join(', ')}` : 'none',
      ...errors.first(),
    ].join('; '),
  });
  return figures;
}

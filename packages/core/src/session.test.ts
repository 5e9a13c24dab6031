import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DayError } from './days.ts';
import { cycleMs, getPattern, PATTERNS, type Pattern } from './patterns.ts';
import {
  advance,
  MAX_PAUSE_MS,
  pauseSession,
  resumeSession,
  SESSION_LENGTHS,
  type SessionEvent,
  type SessionLengthSeconds,
  type SessionState,
  type SessionStep,
  startSession,
  stopSession,
} from './session.ts';
import { SessionPatternError } from './session-pattern.ts';
import { summarizeSession } from './session-view.ts';

const pattern = (id: string): Pattern => {
  const p = getPattern(id);
  if (!p) throw new Error(`no pattern ${id}`);
  return p;
};
const T0 = 1_700_000_000_000;
const start = (id: string, lengthSeconds: SessionLengthSeconds | null = null) =>
  startSession({ pattern: pattern(id), now: T0, localDay: '2026-11-22', lengthSeconds });

describe('session engine', () => {
  it('reports phase changes and completed cycles with their exact times', () => {
    const { events } = advance(start('calm'), T0 + 10_000);
    expect(events).toEqual([
      { type: 'phase', at: T0 + 4000, cycle: 0, phaseIndex: 1, kind: 'exhale' },
      { type: 'cycle', at: T0 + 10_000, cycles: 1 },
      { type: 'phase', at: T0 + 10_000, cycle: 1, phaseIndex: 0, kind: 'inhale' },
    ]);
  });

  it('ends at the chosen length, counting a cycle that ends exactly then and starting no new phase', () => {
    const { state, events } = advance(start('calm', 60), T0 + 3_600_000);
    expect(state.status).toBe('ended');
    expect(events.slice(-2)).toEqual([
      { type: 'cycle', at: T0 + 60_000, cycles: 6 },
      { type: 'ended', at: T0 + 60_000, reason: 'length', cycles: 6, breathingSeconds: 60 },
    ]);
    expect(summarizeSession(state)).toMatchObject({ cycles: 6, seconds: 60, endReason: 'length' });
  });

  it('does not count a cycle in progress when stopped', () => {
    const { state, events } = stopSession(start('box'), T0 + 31_500);
    expect(events.at(-1)).toEqual({
      type: 'ended',
      at: T0 + 31_500,
      reason: 'stopped',
      cycles: 1,
      breathingSeconds: 31,
    });
    expect(summarizeSession(state)).toMatchObject({
      cycles: 1,
      seconds: 31,
      patternId: 'box',
      custom: false,
    });
    expect(stopSession(state, T0 + 99_000)).toEqual({ state, events: [] });
  });

  it('stops the clock while paused', () => {
    let s: SessionState = pauseSession(start('box'), T0 + 10_000).state;
    expect(s.status).toBe('paused');
    expect(advance(s, T0 + 200_000).events).toEqual([]);
    s = resumeSession(s, T0 + 200_000).state;
    const step = advance(s, T0 + 206_000);
    expect(step.events).toContainEqual({ type: 'cycle', at: T0 + 206_000, cycles: 1 });
    expect(summarizeSession(stopSession(step.state, T0 + 206_000).state).seconds).toBe(16);
  });

  it('ends a session whose pause lasts over five minutes, dated at the five-minute mark', () => {
    const paused = pauseSession(start('box'), T0 + 20_000).state;
    expect(advance(paused, T0 + 20_000 + MAX_PAUSE_MS).state.status).toBe('paused');
    const ended = advance(paused, T0 + 20_001 + MAX_PAUSE_MS);
    expect(ended.events).toEqual([
      {
        type: 'ended',
        at: T0 + 20_000 + MAX_PAUSE_MS,
        reason: 'pause_timeout',
        cycles: 1,
        breathingSeconds: 20,
      },
    ]);
    expect(resumeSession(paused, T0 + 3_600_000).state).toMatchObject({
      status: 'ended',
      endReason: 'pause_timeout',
    });
    expect(stopSession(paused, T0 + 3_600_000).state.endReason).toBe('pause_timeout');
  });

  it('pausing or resuming in the wrong state changes nothing', () => {
    const running = start('box');
    expect(resumeSession(running, T0 + 1000).events).toEqual([]);
    const paused = pauseSession(running, T0 + 1000).state;
    expect(pauseSession(paused, T0 + 2000)).toEqual({ state: paused, events: [] });
  });

  it('keeps the day it started on, past midnight', () => {
    const s = startSession({ pattern: pattern('box'), now: T0, localDay: '2026-11-22', lengthSeconds: 600 });
    expect(summarizeSession(advance(s, T0 + 601_000).state).day).toBe('2026-11-22');
  });

  it('never goes backwards when the clock does', () => {
    const later = advance(start('box'), T0 + 20_000).state;
    expect(advance(later, T0 + 5000)).toEqual({ state: later, events: [] });
    expect(stopSession(later, T0 + 5000).state.bankedMs).toBe(20_000);
  });

  it('refuses patterns outside the rules and lengths that are not offered', () => {
    const tooShort: Pattern = {
      id: 'custom',
      name: 'x',
      purpose: '',
      phases: [
        { kind: 'inhale', seconds: 1 },
        { kind: 'exhale', seconds: 1 },
      ],
    };
    expect(() => startSession({ pattern: tooShort, now: 0, localDay: '2026-11-22' })).toThrow(
      SessionPatternError,
    );
    const fractional: Pattern = {
      ...tooShort,
      phases: [
        { kind: 'inhale', seconds: 2.0004 },
        { kind: 'exhale', seconds: 3 },
      ],
    };
    expect(() => startSession({ pattern: fractional, now: 0, localDay: '2026-11-22' })).toThrow(
      /milliseconds/,
    );
    expect(() =>
      startSession({
        pattern: pattern('box'),
        now: 0,
        localDay: '2026-11-22',
        lengthSeconds: 120 as SessionLengthSeconds,
      }),
    ).toThrow(RangeError);
    expect(() => startSession({ pattern: pattern('box'), now: 0, localDay: '22/11/2026' })).toThrow(DayError);
    expect(() => startSession({ pattern: pattern('box'), now: Number.NaN, localDay: '2026-11-22' })).toThrow(
      RangeError,
    );
  });
});

type Op = { kind: 'tick' | 'pause' | 'resume' | 'stop'; gap: number };

const opArb = fc.record({
  kind: fc.constantFrom<Op['kind']>('tick', 'tick', 'tick', 'pause', 'resume', 'stop'),
  // Whole half-seconds land ticks exactly on phase boundaries; the other gaps fall anywhere.
  gap: fc.oneof(
    fc.integer({ min: 0, max: 40 }).map((n) => n * 500),
    fc.integer({ min: 0, max: 3000 }),
    fc.integer({ min: 0, max: 400_000 }),
  ),
});

function apply(state: SessionState, op: Op['kind'], now: number): SessionStep {
  if (op === 'pause') return pauseSession(state, now);
  if (op === 'resume') return resumeSession(state, now);
  if (op === 'stop') return stopSession(state, now);
  return advance(state, now);
}

/** Runs the ops; with `ticks` false, plain ticks are skipped (one big tick at the end instead). */
function run(first: SessionState, ops: readonly Op[], ticks: boolean) {
  let state = first;
  let now = T0;
  const events: SessionEvent[] = [];
  for (const op of ops) {
    now += op.gap;
    if (op.kind === 'tick' && !ticks) continue;
    const step = apply(state, op.kind, now);
    state = step.state;
    events.push(...step.events);
  }
  const last = advance(state, now);
  events.push(...last.events);
  return { state: last.state, events, now };
}

/** Breathing time computed directly from the ops: running stretches only, capped at the length. */
function expectedBreathingMs(ops: readonly Op[], lengthSeconds: number | null): number {
  let status: 'running' | 'paused' | 'ended' = 'running';
  let now = T0;
  let since = T0;
  let banked = 0;
  let pausedAt = 0;
  const cap = lengthSeconds === null ? Number.POSITIVE_INFINITY : lengthSeconds * 1000;
  for (const op of ops) {
    now += op.gap;
    if (status === 'running' && banked + (now - since) >= cap) return cap;
    if (status === 'paused' && now - pausedAt > MAX_PAUSE_MS) return banked;
    if (op.kind === 'pause' && status === 'running') {
      banked += now - since;
      pausedAt = now;
      status = 'paused';
    } else if (op.kind === 'resume' && status === 'paused') {
      since = now;
      status = 'running';
    } else if (op.kind === 'stop') {
      return status === 'running' ? banked + (now - since) : banked;
    }
  }
  return status === 'running' ? Math.min(cap, banked + (now - since)) : banked;
}

describe('session engine under any tick cadence', () => {
  const patternArb = fc.constantFrom(...PATTERNS);
  const lengthArb = fc.constantFrom<SessionLengthSeconds | null>(null, ...SESSION_LENGTHS);

  it('many small ticks report exactly what one big tick does', () => {
    fc.assert(
      fc.property(patternArb, lengthArb, fc.array(opArb, { maxLength: 40 }), (p, length, ops) => {
        const first = startSession({ pattern: p, now: T0, localDay: '2026-11-22', lengthSeconds: length });
        const fine = run(first, ops, true);
        const coarse = run(first, ops, false);
        expect(fine.events).toEqual(coarse.events);
        expect(summarizeSession(fine.state)).toEqual(summarizeSession(coarse.state));
      }),
      { numRuns: 300 },
    );
  });

  it('counts cycles and seconds from the running time alone', () => {
    fc.assert(
      fc.property(patternArb, lengthArb, fc.array(opArb, { maxLength: 40 }), (p, length, ops) => {
        const first = startSession({ pattern: p, now: T0, localDay: '2026-11-22', lengthSeconds: length });
        const { state, events } = run(first, ops, true);
        const breathing = expectedBreathingMs(ops, length);
        const summary = summarizeSession(state);
        expect(summary.cycles).toBe(Math.floor(breathing / cycleMs(p)));
        expect(summary.seconds).toBe(Math.floor(breathing / 1000));
        // Each completed cycle is reported once, in order.
        const cycles = events.filter((e) => e.type === 'cycle').map((e) => e.cycles);
        expect(cycles).toEqual(Array.from({ length: summary.cycles }, (_, i) => i + 1));
      }),
      { numRuns: 300 },
    );
  });
});

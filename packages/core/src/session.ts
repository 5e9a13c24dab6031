/**
 * The session engine (packages/core/RULES.md "Sessions"): an explicit state machine over an injected clock. Every function
 * takes `now` (milliseconds) and returns a new state; nothing here reads the time itself.
 *
 * Exactness: a session's position is its breathing time in whole milliseconds (running time only; pausing stops
 * the clock). The phase, the cycle count and every event time follow from that number alone, so advancing with
 * many small ticks reports exactly the events of one big tick, and a late tick neither loses nor invents a cycle.
 */

import { DayError, isDay } from './days.ts';
import { cycleMs, type Pattern, type PhaseKind, phaseMs } from './patterns.ts';
import { checkSessionPattern } from './session-pattern.ts';

export type SessionStatus = 'running' | 'paused' | 'ended';

/** The chosen lengths of packages/core/RULES.md (1, 3, 5 or 10 minutes); null runs until stopped. */
export type SessionLengthSeconds = 60 | 180 | 300 | 600;
export const SESSION_LENGTHS: readonly SessionLengthSeconds[] = [60, 180, 300, 600];

/** packages/core/RULES.md: a pause longer than 5 minutes ends the session. */
export const MAX_PAUSE_MS = 5 * 60_000;

export type EndReason = 'length' | 'stopped' | 'pause_timeout';

export interface SessionState {
  readonly status: SessionStatus;
  readonly pattern: Pattern;
  /** The local day the session started on: everything it earns belongs to it, even past midnight. */
  readonly localDay: string;
  readonly startedAt: number;
  readonly lengthSeconds: SessionLengthSeconds | null;
  /** Breathing time before the current running stretch (all of it while paused or once ended). */
  readonly bankedMs: number;
  /** When the current running stretch began; null unless running. */
  readonly runningSince: number | null;
  readonly pausedAt: number | null;
  /** Breathing time up to which events have been reported (the position at the last advance). */
  readonly reportedMs: number;
  readonly endedAt: number | null;
  readonly endReason: EndReason | null;
}

export type SessionEvent =
  /** A phase began (`cycle` is 0-based). */
  | {
      readonly type: 'phase';
      readonly at: number;
      readonly cycle: number;
      readonly phaseIndex: number;
      readonly kind: PhaseKind;
    }
  /** A cycle's last phase ended while running; `cycles` is the total completed so far. */
  | { readonly type: 'cycle'; readonly at: number; readonly cycles: number }
  | { readonly type: 'paused'; readonly at: number }
  | { readonly type: 'resumed'; readonly at: number }
  | {
      readonly type: 'ended';
      readonly at: number;
      readonly reason: EndReason;
      readonly cycles: number;
      readonly breathingSeconds: number;
    };

export interface SessionStep {
  readonly state: SessionState;
  readonly events: readonly SessionEvent[];
}

export interface StartSessionInput {
  readonly pattern: Pattern;
  readonly now: number;
  /** The device's local day at `now` (see localDayOf). */
  readonly localDay: string;
  readonly lengthSeconds?: SessionLengthSeconds | null;
}

/**
 * Starts running at `now` in the first phase. Throws a SessionPatternError for a pattern that breaks the rules, a
 * DayError for a malformed day, and a RangeError for a length that is not offered.
 */
export function startSession(input: StartSessionInput): SessionState {
  checkSessionPattern(input.pattern);
  if (!isDay(input.localDay)) throw new DayError(input.localDay);
  if (!Number.isFinite(input.now))
    throw new RangeError(`A session starts at a finite time, not ${input.now}`);
  const length = input.lengthSeconds ?? null;
  if (length !== null && !SESSION_LENGTHS.includes(length)) {
    throw new RangeError(
      `A session lasts ${SESSION_LENGTHS.join(', ')} seconds or until stopped, not ${length}`,
    );
  }
  return {
    status: 'running',
    pattern: input.pattern,
    localDay: input.localDay,
    startedAt: input.now,
    lengthSeconds: length,
    bankedMs: 0,
    runningSince: input.now,
    pausedAt: null,
    reportedMs: 0,
    endedAt: null,
    endReason: null,
  };
}

function lengthMs(state: SessionState): number {
  return state.lengthSeconds === null ? Number.POSITIVE_INFINITY : state.lengthSeconds * 1000;
}

/** Breathing milliseconds at `now` while running: never past the chosen length, never backwards. */
function runningPosition(state: SessionState, runningSince: number, now: number): number {
  const position = state.bankedMs + Math.max(0, now - runningSince);
  return Math.min(lengthMs(state), Math.max(state.reportedMs, position));
}

/** Phase starts and completed cycles with a breathing time in (from, to], in order. */
function boundaryEvents(state: SessionState, runningSince: number, from: number, to: number): SessionEvent[] {
  const phases = state.pattern.phases.map(phaseMs);
  const cycle = cycleMs(state.pattern);
  const at = (ms: number) => runningSince + (ms - state.bankedMs);
  const events: SessionEvent[] = [];
  for (let k = Math.floor(from / cycle); k * cycle < to; k++) {
    let end = k * cycle;
    for (const [i, duration] of phases.entries()) {
      end += duration;
      if (end <= from) continue;
      if (end > to) return events;
      const last = i === phases.length - 1;
      if (last) events.push({ type: 'cycle', at: at(end), cycles: k + 1 });
      // No new phase begins at the very moment the chosen length runs out.
      if (end < lengthMs(state)) {
        const next = last ? 0 : i + 1;
        const kind = state.pattern.phases[next]?.kind ?? 'inhale';
        events.push({ type: 'phase', at: at(end), cycle: last ? k + 1 : k, phaseIndex: next, kind });
      }
    }
  }
  return events;
}

function endAt(state: SessionState, breathingMs: number, at: number, reason: EndReason): SessionStep {
  const ended: SessionState = {
    ...state,
    status: 'ended',
    bankedMs: breathingMs,
    reportedMs: breathingMs,
    runningSince: null,
    pausedAt: null,
    endedAt: at,
    endReason: reason,
  };
  const cycles = Math.floor(breathingMs / cycleMs(state.pattern));
  const breathingSeconds = Math.floor(breathingMs / 1000);
  return { state: ended, events: [{ type: 'ended', at, reason, cycles, breathingSeconds }] };
}

/**
 * Brings the session up to `now`: reports every phase change and completed cycle since the last advance, and
 * ends it when its length is reached or its pause has lasted over 5 minutes.
 */
export function advance(state: SessionState, now: number): SessionStep {
  if (state.status === 'ended') return { state, events: [] };
  if (state.status === 'paused') {
    const pausedAt = state.pausedAt ?? now;
    if (now - pausedAt > MAX_PAUSE_MS)
      return endAt(state, state.bankedMs, pausedAt + MAX_PAUSE_MS, 'pause_timeout');
    return { state, events: [] };
  }
  const since = state.runningSince ?? now;
  const to = runningPosition(state, since, now);
  const events = boundaryEvents(state, since, state.reportedMs, to);
  if (to >= lengthMs(state)) {
    const finished = endAt(state, to, since + (to - state.bankedMs), 'length');
    return { state: finished.state, events: [...events, ...finished.events] };
  }
  return { state: { ...state, reportedMs: to }, events };
}

/** Pauses the clock at `now` (after reporting what happened until then). A no-op unless running. */
export function pauseSession(state: SessionState, now: number): SessionStep {
  const step = advance(state, now);
  if (step.state.status !== 'running' || state.status !== 'running') return step;
  const s = step.state;
  const paused: SessionState = {
    ...s,
    status: 'paused',
    bankedMs: s.reportedMs,
    runningSince: null,
    pausedAt: now,
  };
  return { state: paused, events: [...step.events, { type: 'paused', at: now }] };
}

/** Restarts the clock at `now`, unless the pause lasted over 5 minutes: then the session has ended. */
export function resumeSession(state: SessionState, now: number): SessionStep {
  const step = advance(state, now);
  if (state.status !== 'paused' || step.state.status !== 'paused') return step;
  const running: SessionState = { ...step.state, status: 'running', runningSince: now, pausedAt: null };
  return { state: running, events: [{ type: 'resumed', at: now }] };
}

/** Ends the session at `now`. A cycle still in progress does not count. */
export function stopSession(state: SessionState, now: number): SessionStep {
  const step = advance(state, now);
  if (step.state.status === 'ended') return step;
  const ended = endAt(step.state, step.state.reportedMs, now, 'stopped');
  return { state: ended.state, events: [...step.events, ...ended.events] };
}

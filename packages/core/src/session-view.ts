/** What a guide shows for a session at a moment, and the summary of a finished session. */

import { CUSTOM_PATTERN_ID, cycleMs, cycleSeconds, type PhaseKind, phaseLabel, phaseMs } from './patterns.ts';
import { advance, type EndReason, type SessionState, type SessionStatus } from './session.ts';

export interface SessionView {
  readonly status: SessionStatus;
  readonly patternId: string;
  readonly phase: {
    readonly kind: PhaseKind;
    readonly index: number;
    readonly label: string;
    readonly seconds: number;
  };
  /** 0-based index of the cycle in progress. */
  readonly cycle: number;
  readonly completedCycles: number;
  readonly msLeftInPhase: number;
  /** Whole seconds left in the phase, rounded up, for a countdown (4, 3, 2, 1). */
  readonly secondsLeftInPhase: number;
  /** 0 at the start of the phase, approaching 1 at its end. */
  readonly phaseProgress: number;
  readonly breathingMs: number;
  readonly breathingSeconds: number;
  /** Seconds left of a chosen length, rounded up; null for a session without one. */
  readonly remainingSeconds: number | null;
  readonly endReason: EndReason | null;
}

function position(state: SessionState): number {
  return state.status === 'running' ? state.reportedMs : state.bankedMs;
}

/** The session as of `now` (the state is advanced first, so a length reached or a long pause shows as ended). */
export function sessionView(state: SessionState, now: number): SessionView {
  const s = advance(state, now).state;
  const breathingMs = position(s);
  const cycle = cycleMs(s.pattern);
  const completedCycles = Math.floor(breathingMs / cycle);
  let offset = breathingMs - completedCycles * cycle;
  let index = 0;
  for (const [i, p] of s.pattern.phases.entries()) {
    index = i;
    if (offset < phaseMs(p)) break;
    offset -= phaseMs(p);
  }
  const current = s.pattern.phases[index] ?? { kind: 'inhale' as const, seconds: 0 };
  const duration = phaseMs(current);
  const msLeft = Math.max(0, duration - offset);
  return {
    status: s.status,
    patternId: s.pattern.id,
    phase: { kind: current.kind, index, label: phaseLabel(s.pattern, index), seconds: current.seconds },
    cycle: completedCycles,
    completedCycles,
    msLeftInPhase: msLeft,
    secondsLeftInPhase: Math.ceil(msLeft / 1000),
    phaseProgress: duration > 0 ? Math.min(1, offset / duration) : 1,
    breathingMs,
    breathingSeconds: Math.floor(breathingMs / 1000),
    remainingSeconds:
      s.lengthSeconds === null ? null : Math.ceil((s.lengthSeconds * 1000 - breathingMs) / 1000),
    endReason: s.endReason,
  };
}

/** A finished session as the rules see it: what it earned and the day it belongs to. */
export interface SessionSummary {
  /** The local day the session started on. */
  readonly day: string;
  readonly patternId: string;
  readonly custom: boolean;
  readonly cycleSeconds: number;
  /** Completed cycles. */
  readonly cycles: number;
  /** Whole seconds of breathing (pauses excluded). */
  readonly seconds: number;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly endReason: EndReason | null;
}

/** The session as of its last advance (call stopSession or advance first to include the latest moment). */
export function summarizeSession(state: SessionState): SessionSummary {
  const breathingMs = position(state);
  return {
    day: state.localDay,
    patternId: state.pattern.id,
    custom: state.pattern.id === CUSTOM_PATTERN_ID,
    cycleSeconds: cycleSeconds(state.pattern),
    cycles: Math.floor(breathingMs / cycleMs(state.pattern)),
    seconds: Math.floor(breathingMs / 1000),
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    endReason: state.endReason,
  };
}

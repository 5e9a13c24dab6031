import { cycleSeconds, cycleXp, type Pattern, type Phase } from './patterns.ts';

// A breathing session as plain values over an injected clock (milliseconds): the view asks
// where the breath is at `now`, and `settle` turns the time breathed into counters.

export const MAX_PAUSE_MS = 5 * 60_000;

export type SessionStatus = 'running' | 'paused' | 'ended';

export interface Session {
  readonly pattern: Pattern;
  readonly day: string;
  readonly lengthMs: number | null;
  readonly status: SessionStatus;
  readonly startedAt: number;
  /** Breathing time banked before the current running stretch began. */
  readonly bankedMs: number;
  readonly runningSince: number | null;
  readonly pausedAt: number | null;
}

export interface BreathPosition {
  readonly phase: Phase;
  readonly phaseIndex: number;
  readonly phaseElapsedMs: number;
  readonly phaseRemainingMs: number;
  readonly cyclesDone: number;
  /** 0 (empty lungs) to 1 (full), for the animation. */
  readonly fullness: number;
}

export interface Earned {
  readonly cycles: number;
  readonly seconds: number;
  readonly xp: number;
}

export function startSession(
  pattern: Pattern,
  day: string,
  now: number,
  lengthMinutes: number | null,
): Session {
  return {
    pattern,
    day,
    lengthMs: lengthMinutes === null ? null : lengthMinutes * 60_000,
    status: 'running',
    startedAt: now,
    bankedMs: 0,
    runningSince: now,
    pausedAt: null,
  };
}

export function breathingMs(session: Session, now: number): number {
  const live = session.runningSince === null ? 0 : Math.max(0, now - session.runningSince);
  const total = session.bankedMs + live;
  return session.lengthMs === null ? total : Math.min(total, session.lengthMs);
}

export function pauseSession(session: Session, now: number): Session {
  if (session.status !== 'running') return session;
  return {
    ...session,
    status: 'paused',
    bankedMs: breathingMs(session, now),
    runningSince: null,
    pausedAt: now,
  };
}

export function resumeSession(session: Session, now: number): Session {
  if (session.status !== 'paused') return session;
  if (session.pausedAt !== null && now - session.pausedAt > MAX_PAUSE_MS) return endSession(session, now);
  return { ...session, status: 'running', runningSince: now, pausedAt: null };
}

export function endSession(session: Session, now: number): Session {
  if (session.status === 'ended') return session;
  return { ...session, status: 'ended', bankedMs: breathingMs(session, now), runningSince: null };
}

/** True when a timed session has run its length, or a pause has outlasted the limit. */
export function isOver(session: Session, now: number): boolean {
  if (session.status === 'ended') return true;
  if (session.status === 'paused') return session.pausedAt !== null && now - session.pausedAt > MAX_PAUSE_MS;
  return session.lengthMs !== null && breathingMs(session, now) >= session.lengthMs;
}

function fullnessOf(phase: Phase, progress: number, before: number): number {
  switch (phase.kind) {
    case 'inhale':
      return before + (1 - before) * progress;
    case 'hold':
      return 1;
    case 'exhale':
      return before * (1 - progress);
    case 'rest':
      return 0;
  }
}

export function positionAt(session: Session, now: number): BreathPosition {
  const { phases } = session.pattern;
  const cycleMs = cycleSeconds(session.pattern) * 1000;
  const elapsed = breathingMs(session, now);
  const cyclesDone = Math.floor(elapsed / cycleMs);
  let into = elapsed - cyclesDone * cycleMs;
  let fullness = 0;
  for (let index = 0; index < phases.length; index += 1) {
    const phase = phases[index] as Phase;
    const ms = phase.seconds * 1000;
    if (into < ms || index === phases.length - 1) {
      return {
        phase,
        phaseIndex: index,
        phaseElapsedMs: into,
        phaseRemainingMs: Math.max(0, ms - into),
        cyclesDone,
        fullness: fullnessOf(phase, Math.min(1, into / ms), fullness),
      };
    }
    fullness = fullnessOf(phase, 1, fullness);
    into -= ms;
  }
  throw new Error('a pattern has at least one phase');
}

/** Counters earned by the breathing time so far (bonuses are added once, by `sessionBonus`). */
export function earnedSoFar(session: Session, now: number): Earned {
  const elapsed = breathingMs(session, now);
  const cycles = Math.floor(elapsed / (cycleSeconds(session.pattern) * 1000));
  return { cycles, seconds: Math.floor(elapsed / 1000), xp: cycles * cycleXp(session.pattern) };
}

/**
 * Bonuses when a session ends: +5 for 60 s of breathing, +15 instead for 300 s; +10 when it is
 * the first session of its day to reach 60 s.
 */
export function sessionBonus(seconds: number, dailyBonusTaken: boolean): { xp: number; dailyBonus: boolean } {
  if (seconds < 60) return { xp: 0, dailyBonus: false };
  const session = seconds >= 300 ? 15 : 5;
  return dailyBonusTaken ? { xp: session, dailyBonus: false } : { xp: session + 10, dailyBonus: true };
}

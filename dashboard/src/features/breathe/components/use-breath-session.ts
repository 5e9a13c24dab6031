import {
  advance,
  applySessionToProgress,
  localDayOf,
  type Pattern,
  pauseSession,
  resumeSession,
  type SessionEvent,
  type SessionLengthSeconds,
  type SessionOutcome,
  type SessionState,
  type SessionStep,
  type SessionSummary,
  type SessionView,
  sessionView,
  startSession,
  stopSession,
  summarizeSession,
} from '@breath-master/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { breathingEnded, breathingStarted } from '../../../shared/breathing-now.ts';
import { recordError, updateRecord } from '../../../shared/local-progress.ts';

export interface Clock {
  now(): number;
}

export type FinishedSession =
  | {
      readonly cycles: number;
      readonly seconds: number;
      readonly saved: true;
      readonly outcome: SessionOutcome;
    }
  /** Not written: the saved record could not be read (kept untouched) or the browser refused the write. */
  | { readonly cycles: number; readonly seconds: number; readonly saved: false; readonly reason: string };

const systemClock: Clock = { now: () => Date.now() };

/** Adds a finished session to the local record, unless that record cannot be read. */
function saveSession(summary: SessionSummary): FinishedSession {
  const { cycles, seconds } = summary;
  const unreadable = recordError();
  if (unreadable) {
    // Never written over: the page offers the saved record for download instead (RecordProblem).
    return { cycles, seconds, saved: false, reason: 'the progress saved in this browser could not be read' };
  }
  const result: { outcome?: SessionOutcome } = {};
  try {
    updateRecord((record) => {
      const applied = applySessionToProgress(record, summary);
      result.outcome = applied.outcome;
      return applied.record;
    });
  } catch (e) {
    // The browser refused the write (storage full or blocked): said on the page, and logged for a bug report.
    console.error('the finished session could not be saved', e);
    const message = e instanceof Error || e instanceof DOMException ? e.message : String(e);
    return { cycles, seconds, saved: false, reason: message.replace(/\.$/, '') };
  }
  if (!result.outcome) throw new Error('applySessionToProgress gave no outcome');
  return { cycles, seconds, saved: true, outcome: result.outcome };
}
const TICK_MS = 200;

/**
 * Runs one session at a time on core's engine (the extension's too). Each tick advances the
 * state to `now`; phase events reach `onEvent` (the tone); an ended session is applied to the
 * local record once, which marks it dirty for the sync runner.
 */
export function useBreathSession(onEvent: (event: SessionEvent) => void, clock: Clock = systemClock) {
  const [state, setState] = useState<SessionState | null>(null);
  const [view, setView] = useState<SessionView | null>(null);
  const [finished, setFinished] = useState<FinishedSession | null>(null);
  const stateRef = useRef<SessionState | null>(null);
  const onEventRef = useRef(onEvent);
  onEventRef.current = onEvent;

  const apply = useCallback((step: SessionStep, at: number) => {
    for (const event of step.events) onEventRef.current(event);
    if (step.state.status === 'ended') {
      // The session is over before anything is written: a write that fails must not leave a running
      // session behind for the next tick to end (and fail) again.
      stateRef.current = null;
      setState(null);
      setView(null);
      const summary = summarizeSession(step.state);
      setFinished(saveSession(summary));
      breathingEnded();
      return;
    }
    stateRef.current = step.state;
    setState(step.state);
    setView(sessionView(step.state, at));
  }, []);

  const run = useCallback(
    (change: (s: SessionState, at: number) => SessionStep) => {
      const current = stateRef.current;
      if (!current) return;
      const at = clock.now();
      apply(change(current, at), at);
    },
    [apply, clock],
  );

  useEffect(() => {
    if (state?.status !== 'running' && state?.status !== 'paused') return;
    const timer = setInterval(() => run(advance), TICK_MS);
    return () => clearInterval(timer);
  }, [state?.status, run]);

  // Leaving the page ends the session and keeps what it earned.
  useEffect(() => () => run(stopSession), [run]);

  const start = useCallback(
    (pattern: Pattern, lengthSeconds: SessionLengthSeconds | null) => {
      const at = clock.now();
      const started = startSession({ pattern, now: at, localDay: localDayOf(new Date(at)), lengthSeconds });
      setFinished(null);
      apply(advance(started, at), at);
      // "Breathing now" is a courtesy: breathing never waits for it, and offline it simply fails.
      breathingStarted();
    },
    [apply, clock],
  );

  return {
    state,
    view,
    finished,
    start,
    pause: () => run(pauseSession),
    resume: () => run(resumeSession),
    stop: () => run(stopSession),
  };
}

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  type Earned,
  endSession,
  isOver,
  localDay,
  type Pattern,
  pauseSession,
  positionAt,
  resumeSession,
  type Session,
  startSession,
} from '../../../shared/game.ts';
import { updateRecord } from '../../../shared/local-progress.ts';
import { trackBreathing, untrackBreathing } from '../../../shared/presence.ts';
import { commitEnd, commitProgress, nothingEarned } from './commit-session.ts';

export interface Clock {
  now(): number;
}

const systemClock: Clock = { now: () => Date.now() };
const TICK_MS = 200;

/** Runs one session at a time over the core engine; the clock is injectable for tests. */
export function useBreathSession(clock: Clock = systemClock) {
  const [session, setSession] = useState<Session | null>(null);
  const [now, setNow] = useState(() => clock.now());
  const [summary, setSummary] = useState<Earned | null>(null);
  const committed = useRef<Earned>(nothingEarned);
  const sessionRef = useRef<Session | null>(null);
  sessionRef.current = session;

  const finish = useCallback(() => {
    const current = sessionRef.current;
    if (!current) return;
    const at = clock.now();
    const ended = endSession(current, at);
    let result: Earned = nothingEarned;
    updateRecord((record) => {
      const out = commitEnd(record, ended, at, committed.current);
      result = out.summary;
      return out.record;
    });
    committed.current = nothingEarned;
    setSummary(result);
    setSession(null);
    void untrackBreathing().catch(() => undefined);
  }, [clock]);

  useEffect(() => {
    if (session?.status !== 'running') return;
    const timer = setInterval(() => {
      const at = clock.now();
      setNow(at);
      const current = sessionRef.current;
      if (!current) return;
      if (isOver(current, at)) {
        finish();
        return;
      }
      updateRecord((record) => {
        const out = commitProgress(record, current, at, committed.current);
        committed.current = out.committed;
        return out.record;
      });
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [session, clock, finish]);

  // Leaving the page ends the session and keeps what it earned.
  useEffect(() => () => finish(), [finish]);

  const start = useCallback(
    (pattern: Pattern, lengthMinutes: number | null) => {
      const at = clock.now();
      committed.current = nothingEarned;
      setSummary(null);
      setNow(at);
      setSession(startSession(pattern, localDay(at), at, lengthMinutes));
      // Presence is a courtesy: breathing never waits for it, and offline it simply fails.
      void trackBreathing(pattern.id).catch(() => undefined);
    },
    [clock],
  );

  const pause = useCallback(() => setSession((s) => (s ? pauseSession(s, clock.now()) : s)), [clock]);
  const resume = useCallback(() => {
    const at = clock.now();
    setNow(at);
    setSession((s) => (s ? resumeSession(s, at) : s));
  }, [clock]);

  return {
    session,
    position: session ? positionAt(session, now) : null,
    now,
    summary,
    start,
    pause,
    resume,
    stop: finish,
  };
}

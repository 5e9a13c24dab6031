import { describe, expect, it } from 'vitest';
import { validateCustomPattern } from './custom-pattern.ts';
import { getPattern, type Pattern } from './patterns.ts';
import { pauseSession, startSession, stopSession } from './session.ts';
import { sessionView, summarizeSession } from './session-view.ts';

const box = getPattern('box') as Pattern;
const T0 = 5_000;

describe('sessionView', () => {
  const s = startSession({ pattern: box, now: T0, localDay: '2026-11-22', lengthSeconds: 60 });

  it('shows the phase, a countdown and progress through it', () => {
    expect(sessionView(s, T0)).toMatchObject({
      status: 'running',
      phase: { kind: 'inhale', index: 0, label: 'Breathe in', seconds: 4 },
      secondsLeftInPhase: 4,
      phaseProgress: 0,
      completedCycles: 0,
      remainingSeconds: 60,
    });
    expect(sessionView(s, T0 + 5_200)).toMatchObject({
      phase: { kind: 'hold', index: 1 },
      msLeftInPhase: 2_800,
      secondsLeftInPhase: 3,
      phaseProgress: 0.3,
      breathingSeconds: 5,
    });
    expect(sessionView(s, T0 + 33_000)).toMatchObject({
      cycle: 2,
      completedCycles: 2,
      phase: { kind: 'inhale' },
    });
  });

  it('shows a session past its length as ended, and a paused one as frozen in place', () => {
    expect(sessionView(s, T0 + 90_000)).toMatchObject({
      status: 'ended',
      endReason: 'length',
      breathingSeconds: 60,
      remainingSeconds: 0,
    });
    const paused = pauseSession(s, T0 + 9_000).state;
    expect(sessionView(paused, T0 + 60_000)).toMatchObject({
      status: 'paused',
      breathingMs: 9_000,
      phase: { kind: 'exhale' },
    });
  });

  it('has no remaining time without a chosen length', () => {
    const open = startSession({ pattern: box, now: T0, localDay: '2026-11-22' });
    expect(sessionView(open, T0 + 1).remainingSeconds).toBeNull();
  });
});

describe('summarizeSession', () => {
  it('marks custom patterns and keeps the start day', () => {
    const custom = validateCustomPattern([
      { kind: 'inhale', seconds: 3 },
      { kind: 'exhale', seconds: 5 },
    ]);
    if (!custom.ok) throw new Error('custom pattern refused');
    const s = startSession({ pattern: custom.value, now: 0, localDay: '2026-12-31' });
    const summary = summarizeSession(stopSession(s, 17_000).state);
    expect(summary).toEqual({
      day: '2026-12-31',
      patternId: 'custom',
      custom: true,
      cycleSeconds: 8,
      cycles: 2,
      seconds: 17,
      startedAt: 0,
      endedAt: 17_000,
      endReason: 'stopped',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { countdown, type GuideFrame, glyphFor, nextChangeInMs, statusView } from './status-view.ts';

const labels = { inhale: 'Breathe in', hold: 'Hold', exhale: 'Breathe out', rest: 'Rest' } as const;

const frame = (over: Partial<GuideFrame> = {}): GuideFrame => ({
  phase: 'inhale',
  label: labels[over.phase ?? 'inhale'],
  elapsed: 0,
  duration: 4,
  cycles: 0,
  patternName: 'Box',
  paused: false,
  ...over,
});

describe('statusView', () => {
  it('names the phase with a countdown', () => {
    expect(statusView(frame({ elapsed: 0.2 }), false).text).toBe('$(circle-small-filled) Breathe in 4');
    expect(statusView(frame({ phase: 'hold', elapsed: 3.5 }), false).text).toBe(
      '$(circle-large-outline) Hold 1',
    );
    expect(statusView(frame({ phase: 'exhale', elapsed: 1 }), false).text).toBe(
      '$(circle-large-filled) Breathe out 3',
    );
    expect(statusView(frame({ phase: 'rest', elapsed: 2 }), false).text).toBe('$(circle-outline) Rest 2');
  });

  it('grows the glyph on an inhale and shrinks it on an exhale', () => {
    const inhale = [0, 1.5, 3].map((elapsed) => glyphFor(frame({ elapsed, duration: 4.5 }), false));
    const exhale = [0, 1.5, 3].map((elapsed) =>
      glyphFor(frame({ phase: 'exhale', elapsed, duration: 4.5 }), false),
    );
    expect(inhale).toEqual(['circle-small-filled', 'circle-filled', 'circle-large-filled']);
    expect(exhale).toEqual([...inhale].reverse());
  });

  it('keeps one still glyph per phase when motion is reduced', () => {
    const glyphs = [0, 1.5, 3].map((elapsed) => glyphFor(frame({ elapsed, duration: 4.5 }), true));
    expect(new Set(glyphs).size).toBe(1);
    expect(statusView(frame({ elapsed: 3 }), true).text).toBe('$(arrow-up) Breathe in 1');
  });

  it('says paused and describes itself for screen readers', () => {
    expect(statusView(frame({ paused: true }), false).text).toBe('$(debug-pause) Paused');
    expect(statusView(frame({ elapsed: 1, cycles: 1 }), false)).toMatchObject({
      accessibleLabel: 'Breathe in, 3 seconds',
      tooltip: 'Box: 1 breath so far. Click to stop.',
    });
  });
});

describe('countdown', () => {
  it('counts whole seconds down to 1', () => {
    expect([0, 0.01, 0.99, 1, 2.5, 3.99].map((elapsed) => countdown(frame({ elapsed })))).toEqual([
      4, 4, 4, 3, 2, 1,
    ]);
    expect(countdown(frame({ duration: 5.5, elapsed: 0 }))).toBe(6);
  });
});

describe('nextChangeInMs', () => {
  it('wakes at the next countdown second of a still phase', () => {
    expect(nextChangeInMs(frame({ phase: 'hold', elapsed: 0 }), false)).toBe(1000);
    expect(nextChangeInMs(frame({ phase: 'hold', elapsed: 0.25 }), false)).toBe(750);
    expect(nextChangeInMs(frame({ phase: 'hold', elapsed: 3.5 }), false)).toBe(500);
    expect(nextChangeInMs(frame({ phase: 'hold', duration: 5.5, elapsed: 0 }), false)).toBe(500);
  });

  it('also wakes at glyph stages while the breath moves', () => {
    expect(nextChangeInMs(frame({ duration: 6, elapsed: 1.5 }), false)).toBe(500);
    expect(nextChangeInMs(frame({ duration: 6, elapsed: 1.5 }), true)).toBe(500);
    expect(nextChangeInMs(frame({ duration: 9, elapsed: 2.5 }), false)).toBe(500);
    expect(nextChangeInMs(frame({ duration: 9, elapsed: 2.5 }), true)).toBe(500);
    expect(nextChangeInMs(frame({ duration: 9, elapsed: 2.8 }), false)).toBe(200);
  });

  it('never asks for more wake-ups than the text has changes', () => {
    for (const duration of [4, 5.5, 7, 19]) {
      for (const reduced of [false, true]) {
        let elapsed = 0;
        let wakes = 0;
        const texts = new Set<string>();
        while (elapsed < duration) {
          texts.add(statusView(frame({ phase: 'exhale', elapsed, duration }), reduced).text);
          elapsed += nextChangeInMs(frame({ phase: 'exhale', elapsed, duration }), reduced) / 1000 + 1e-6;
          wakes++;
        }
        expect(wakes).toBe(texts.size);
      }
    }
  });
});

/**
 * What the status bar shows, as a pure function of where the breath is. The guide asks
 * `nextChangeInMs` how long the current text stays true and sleeps exactly that long, so the
 * item is touched only when the visible text changes (a few times per phase, never per frame).
 */
export type PhaseKind = 'inhale' | 'hold' | 'exhale' | 'rest';

export interface GuideFrame {
  readonly phase: PhaseKind;
  /** What to say, e.g. "Breathe in", or "Breathe in a little more" for the sigh's top-up. */
  readonly label: string;
  /** Seconds spent in the current phase. */
  readonly elapsed: number;
  /** Length of the current phase in seconds. */
  readonly duration: number;
  readonly cycles: number;
  readonly patternName: string;
  readonly paused: boolean;
}

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  /** Read by screen readers instead of the codicon markup. */
  readonly accessibleLabel: string;
}

/** Three sizes of a circle: the breath grows on an inhale and shrinks on an exhale. */
const sizes = ['circle-small-filled', 'circle-filled', 'circle-large-filled'] as const;

/** One fixed glyph per phase when motion is reduced: the phase still reads at a glance, nothing animates. */
const stillGlyphs: Record<PhaseKind, string> = {
  inhale: 'arrow-up',
  hold: 'circle-large-outline',
  exhale: 'arrow-down',
  rest: 'circle-outline',
};

const stages = sizes.length;

function stageOf(frame: GuideFrame): number {
  if (frame.duration <= 0) return stages - 1;
  const fraction = Math.min(1, Math.max(0, frame.elapsed / frame.duration));
  return Math.min(stages - 1, Math.floor(fraction * stages));
}

export function glyphFor(frame: GuideFrame, reducedMotion: boolean): string {
  if (reducedMotion) return stillGlyphs[frame.phase];
  switch (frame.phase) {
    case 'inhale':
      return sizes[stageOf(frame)] ?? 'circle-filled';
    case 'exhale':
      return sizes[stages - 1 - stageOf(frame)] ?? 'circle-filled';
    case 'hold':
      return 'circle-large-outline';
    case 'rest':
      return 'circle-outline';
  }
}

/** Whole seconds left in the phase, counting down to 1 (never shows 0). */
export function countdown(frame: GuideFrame): number {
  return Math.max(1, Math.ceil(frame.duration - frame.elapsed - 1e-9));
}

export const idleView: StatusView = {
  text: '$(pulse) Breathe',
  tooltip: 'Start a guided breathing break',
  accessibleLabel: 'Start a guided breathing break',
};

/** The idle item with where the person stands, so a hover shows progress without opening anything. */
export function idleViewWith(level: number, title: string, streak: number): StatusView {
  const days = streak === 1 ? '1-day streak' : `${streak}-day streak`;
  return {
    ...idleView,
    tooltip: `Level ${level} ${title}${streak > 0 ? ` · ${days}` : ''}. Click to start a breathing break.`,
  };
}

export function statusView(frame: GuideFrame, reducedMotion: boolean): StatusView {
  const label = frame.label;
  const seconds = countdown(frame);
  if (frame.paused) {
    return {
      text: `$(debug-pause) Paused`,
      tooltip: `${frame.patternName}: paused. Click to stop.`,
      accessibleLabel: 'Breathing paused',
    };
  }
  const cycles = frame.cycles === 1 ? '1 breath' : `${frame.cycles} breaths`;
  return {
    text: `$(${glyphFor(frame, reducedMotion)}) ${label} ${seconds}`,
    tooltip: `${frame.patternName}: ${cycles} so far. Click to stop.`,
    accessibleLabel: `${label}, ${seconds} seconds`,
  };
}

/**
 * Milliseconds until `statusView` would return a different text: the next whole second of the
 * countdown, the next glyph stage, or the end of the phase, whichever comes first.
 */
export function nextChangeInMs(frame: GuideFrame, reducedMotion: boolean): number {
  const remaining = Math.max(0, frame.duration - frame.elapsed);
  let next = remaining - (Math.ceil(remaining - 1e-9) - 1);
  if (remaining <= 1) next = remaining;
  const animated = !reducedMotion && (frame.phase === 'inhale' || frame.phase === 'exhale');
  if (animated && frame.duration > 0) {
    const stageEnd = ((stageOf(frame) + 1) * frame.duration) / stages;
    if (stageEnd > frame.elapsed) next = Math.min(next, stageEnd - frame.elapsed);
  }
  // Rounded up: waking a hair early would find the old text and cost a wasted wake-up.
  return Math.max(1, Math.ceil(next * 1000 - 1e-6));
}

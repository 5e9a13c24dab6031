export type PhaseKind = 'inhale' | 'hold' | 'exhale' | 'rest';

export interface Phase {
  readonly kind: PhaseKind;
  readonly seconds: number;
}

export interface Pattern {
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  readonly phases: readonly Phase[];
}

const p = (kind: PhaseKind, seconds: number): Phase => ({ kind, seconds });

export const patterns: readonly Pattern[] = [
  {
    id: 'box',
    name: 'Box',
    purpose: 'Focus, steadiness',
    phases: [p('inhale', 4), p('hold', 4), p('exhale', 4), p('rest', 4)],
  },
  {
    id: 'relax-478',
    name: '4-7-8',
    purpose: 'Winding down',
    phases: [p('inhale', 4), p('hold', 7), p('exhale', 8)],
  },
  {
    id: 'coherent',
    name: 'Coherent',
    purpose: 'About 5.5 breaths a minute',
    phases: [p('inhale', 5.5), p('exhale', 5.5)],
  },
  {
    id: 'calm',
    name: 'Calm',
    purpose: 'Longer exhale, quick reset',
    phases: [p('inhale', 4), p('exhale', 6)],
  },
  {
    id: 'sigh',
    name: 'Physiological sigh',
    purpose: 'Fast stress relief',
    phases: [p('inhale', 2), p('inhale', 1), p('exhale', 6)],
  },
];

export function patternById(id: string): Pattern | undefined {
  return patterns.find((pattern) => pattern.id === id);
}

export function cycleSeconds(pattern: Pattern): number {
  return pattern.phases.reduce((sum, phase) => sum + phase.seconds, 0);
}

/** XP for one completed cycle (rules v1): one per four seconds of cycle, at least one. */
export function cycleXp(pattern: Pattern): number {
  return Math.max(1, Math.floor(cycleSeconds(pattern) / 4));
}

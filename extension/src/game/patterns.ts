export type PhaseKind = 'inhale' | 'hold' | 'exhale' | 'rest';

export interface Phase {
  readonly kind: PhaseKind;
  readonly seconds: number;
}

export interface PatternInfo {
  readonly id: string;
  readonly name: string;
  readonly purpose: string;
  readonly phases: readonly Phase[];
  readonly cycleSeconds: number;
  /** e.g. "in 4 · hold 4 · out 4 · rest 4 (16 s)" */
  readonly rhythm: string;
}

const words: Record<PhaseKind, string> = { inhale: 'in', hold: 'hold', exhale: 'out', rest: 'rest' };

function pattern(id: string, name: string, purpose: string, phases: Phase[]): PatternInfo {
  const cycleSeconds = phases.reduce((sum, p) => sum + p.seconds, 0);
  const rhythm = `${phases.map((p) => `${words[p.kind]} ${p.seconds}`).join(' · ')} (${cycleSeconds} s)`;
  return { id, name, purpose, phases, cycleSeconds, rhythm };
}

/** The built-in patterns of breathing.md v1. */
export const builtInPatterns: readonly PatternInfo[] = [
  pattern('box', 'Box', 'Focus and steadiness', [
    { kind: 'inhale', seconds: 4 },
    { kind: 'hold', seconds: 4 },
    { kind: 'exhale', seconds: 4 },
    { kind: 'rest', seconds: 4 },
  ]),
  pattern('relax-478', '4-7-8', 'Winding down', [
    { kind: 'inhale', seconds: 4 },
    { kind: 'hold', seconds: 7 },
    { kind: 'exhale', seconds: 8 },
  ]),
  pattern('coherent', 'Coherent', 'About 5.5 breaths a minute, heart-rate coherence', [
    { kind: 'inhale', seconds: 5.5 },
    { kind: 'exhale', seconds: 5.5 },
  ]),
  pattern('calm', 'Calm', 'A longer exhale for a quick reset', [
    { kind: 'inhale', seconds: 4 },
    { kind: 'exhale', seconds: 6 },
  ]),
  pattern('sigh', 'Physiological sigh', 'Fast stress relief', [
    { kind: 'inhale', seconds: 2 },
    { kind: 'inhale', seconds: 1 },
    { kind: 'exhale', seconds: 6 },
  ]),
];

export class PatternError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const kinds = new Set<string>(['inhale', 'hold', 'exhale', 'rest']);

/** Checks a custom pattern against the rules of breathing.md; the error names the broken rule. */
export function customPattern(phases: readonly { kind: string; seconds: number }[]): PatternInfo {
  if (phases.length < 2 || phases.length > 6) {
    throw new PatternError('custom_phase_count', 'A custom pattern has 2 to 6 phases.');
  }
  for (const p of phases) {
    if (!kinds.has(p.kind)) throw new PatternError('custom_phase_kind', `Unknown phase kind "${p.kind}".`);
    if (!(p.seconds >= 0.5 && p.seconds <= 20)) {
      throw new PatternError('custom_phase_length', 'Each phase lasts 0.5 to 20 seconds.');
    }
  }
  if (phases[0]?.kind !== 'inhale')
    throw new PatternError('custom_first_inhale', 'A custom pattern starts with an inhale.');
  if (!phases.some((p) => p.kind === 'exhale')) {
    throw new PatternError('custom_needs_exhale', 'A custom pattern has at least one exhale.');
  }
  const cycle = phases.reduce((s, p) => s + p.seconds, 0);
  if (cycle < 4 || cycle > 60)
    throw new PatternError('custom_cycle_length', 'A custom cycle lasts 4 to 60 seconds.');
  return pattern('custom', 'Custom', 'Your own rhythm', phases as Phase[]);
}

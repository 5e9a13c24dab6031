/** The built-in breathing patterns of packages/core/RULES.md "Patterns". */

/** `hold` follows an inhale; `rest` is the hold after an exhale. */
export type PhaseKind = 'inhale' | 'hold' | 'exhale' | 'rest';

export const PHASE_KINDS: readonly PhaseKind[] = ['inhale', 'hold', 'exhale', 'rest'];

export interface Phase {
  readonly kind: PhaseKind;
  /** Duration in seconds; decimals allowed (whole milliseconds). */
  readonly seconds: number;
}

export type BuiltInPatternId =
  | 'box'
  | 'relax-478'
  | 'coherent'
  | 'calm'
  | 'sigh'
  | 'chill'
  | 'medium'
  | 'active';

/**
 * Ids the original extension (Breath Master 0.3) used for patterns that are the same timing as one of ours. They
 * resolve to that pattern, so a 0.3 `breathMaster.pattern` setting keeps working and there is one pattern, not two.
 */
export type PatternAliasId = 'boxing' | 'relaxing';

/** The id every validated custom pattern carries. */
export const CUSTOM_PATTERN_ID = 'custom';

export interface Pattern {
  /** A built-in id, or 'custom'. */
  readonly id: string;
  readonly name: string;
  /** What the pattern is for, in a few words. */
  readonly purpose: string;
  /** One cycle; the pattern repeats it. */
  readonly phases: readonly Phase[];
  /** Other names the same timing is known by (Breath Master 0.3's), so people find it under either. */
  readonly aliases?: readonly string[];
}

const phase = (kind: PhaseKind, seconds: number): Phase => ({ kind, seconds });

/** In packages/core/RULES.md's order; the first is the default. */
export const PATTERNS: readonly Pattern[] = [
  {
    id: 'box',
    name: 'Box',
    purpose: 'Focus and steadiness',
    phases: [phase('inhale', 4), phase('hold', 4), phase('exhale', 4), phase('rest', 4)],
    aliases: ['Boxing'],
  },
  {
    id: 'relax-478',
    name: '4-7-8',
    purpose: 'Winding down',
    phases: [phase('inhale', 4), phase('hold', 7), phase('exhale', 8)],
    aliases: ['Relaxing'],
  },
  {
    id: 'coherent',
    name: 'Coherent',
    purpose: 'About 5.5 breaths a minute, for heart-rate coherence',
    phases: [phase('inhale', 5.5), phase('exhale', 5.5)],
  },
  {
    id: 'calm',
    name: 'Calm',
    purpose: 'A longer exhale for a quick reset',
    phases: [phase('inhale', 4), phase('exhale', 6)],
  },
  {
    id: 'sigh',
    name: 'Physiological sigh',
    purpose: 'Fast stress relief',
    phases: [phase('inhale', 2), phase('inhale', 1), phase('exhale', 6)],
  },
  // Breath Master 0.3's own patterns, under the names its users know (0.3 wrote them inhale-hold-exhale-hold).
  {
    id: 'chill',
    name: 'Chill',
    purpose: 'Slow and easy, a long exhale (0.3: 6-0-8-0)',
    phases: [phase('inhale', 6), phase('exhale', 8)],
  },
  {
    id: 'medium',
    name: 'Medium',
    purpose: 'Even breaths, six a minute (0.3: 5-0-5-0)',
    phases: [phase('inhale', 5), phase('exhale', 5)],
  },
  {
    id: 'active',
    name: 'Active',
    purpose: 'Brisk, with short holds (0.3: 4-2-4-1)',
    phases: [phase('inhale', 4), phase('hold', 2), phase('exhale', 4), phase('rest', 1)],
  },
];

export const BUILT_IN_PATTERN_IDS: readonly BuiltInPatternId[] = [
  'box',
  'relax-478',
  'coherent',
  'calm',
  'sigh',
  'chill',
  'medium',
  'active',
];

/** Alias id → the pattern it names. */
export const PATTERN_ALIASES: Readonly<Record<PatternAliasId, BuiltInPatternId>> = {
  boxing: 'box',
  relaxing: 'relax-478',
};

/** The built-in pattern with this id or alias id ('boxing' is Box), or undefined. */
export function getPattern(id: string): Pattern | undefined {
  const canonical = Object.hasOwn(PATTERN_ALIASES, id) ? PATTERN_ALIASES[id as PatternAliasId] : id;
  return PATTERNS.find((p) => p.id === canonical);
}

export function isBuiltInPatternId(id: string): id is BuiltInPatternId {
  return (BUILT_IN_PATTERN_IDS as readonly string[]).includes(id);
}

/** A phase's duration in whole milliseconds: the unit all session timing is exact in. */
export function phaseMs(p: Phase): number {
  return Math.round(p.seconds * 1000);
}

/** One cycle in whole milliseconds. */
export function cycleMs(pattern: Pattern): number {
  return pattern.phases.reduce((sum, p) => sum + phaseMs(p), 0);
}

/**
 * packages/core/RULES.md's `cycle_seconds`: the sum of the phase durations (box 16, 4-7-8 19, coherent 11, calm 10, sigh 9,
 * chill 14, medium 10, active 11).
 */
export function cycleSeconds(pattern: Pattern): number {
  return cycleMs(pattern) / 1000;
}

/** What the guide says during a phase. An inhale right after an inhale is the sigh's top-up breath. */
export function phaseLabel(pattern: Pattern, index: number): string {
  const kind = pattern.phases[index]?.kind;
  switch (kind) {
    case 'inhale':
      return index > 0 && pattern.phases[index - 1]?.kind === 'inhale'
        ? 'Breathe in a little more'
        : 'Breathe in';
    case 'hold':
      return 'Hold';
    case 'exhale':
      return 'Breathe out';
    case 'rest':
      return 'Rest';
    default:
      throw new RangeError(`pattern ${pattern.id} has no phase ${index}`);
  }
}

/** A compact rhythm such as "in 4 · hold 4 · out 4 · rest 4 (16 s)". */
export function describeRhythm(pattern: Pattern): string {
  const words: Record<PhaseKind, string> = { inhale: 'in', hold: 'hold', exhale: 'out', rest: 'rest' };
  const parts = pattern.phases.map((p) => `${words[p.kind]} ${p.seconds}`);
  return `${parts.join(' · ')} (${cycleSeconds(pattern)} s)`;
}

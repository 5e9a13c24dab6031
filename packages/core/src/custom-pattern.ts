/** Custom patterns (packages/core/RULES.md "Patterns"): checked rule by rule, refused with a code naming the broken rule. */

import { CUSTOM_PATTERN_ID, type Pattern, PHASE_KINDS, type Phase, type PhaseKind } from './patterns.ts';
import { err, ok, type Result } from './result.ts';

export type PatternErrorCode =
  | 'invalid_shape'
  | 'unknown_phase_kind'
  | 'invalid_duration'
  | 'too_few_phases'
  | 'too_many_phases'
  | 'phase_too_short'
  | 'phase_too_long'
  | 'first_not_inhale'
  | 'no_exhale'
  | 'cycle_too_short'
  | 'cycle_too_long';

export interface PatternError {
  readonly code: PatternErrorCode;
  /** A sentence for the person who wrote the pattern. */
  readonly message: string;
  /** The offending phase (0-based), when one phase breaks the rule. */
  readonly phaseIndex?: number;
}

/** The limits of packages/core/RULES.md: 2 to 6 phases, each 0.5 to 20 s, a cycle of 4 to 60 s. */
export const CUSTOM_PATTERN_LIMITS = {
  minPhases: 2,
  maxPhases: 6,
  minPhaseSeconds: 0.5,
  maxPhaseSeconds: 20,
  minCycleSeconds: 4,
  maxCycleSeconds: 60,
} as const;

const L = CUSTOM_PATTERN_LIMITS;

function fail(
  code: PatternErrorCode,
  message: string,
  phaseIndex?: number,
): { ok: false; error: PatternError } {
  return err(phaseIndex === undefined ? { code, message } : { code, message, phaseIndex });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a custom pattern: either an array of `{ kind, seconds }` or an object with `phases` (and an optional
 * `name`). Durations are rounded to whole milliseconds first, and every rule is checked on the rounded values,
 * so the session timing (in milliseconds) is exact for any pattern that passes.
 */
export function validateCustomPattern(input: unknown): Result<Pattern, PatternError> {
  const rawPhases = Array.isArray(input) ? input : isRecord(input) ? input.phases : undefined;
  if (!Array.isArray(rawPhases)) {
    return fail('invalid_shape', 'A custom pattern is a list of phases, each with a kind and seconds.');
  }
  const phases: Phase[] = [];
  for (const [i, raw] of rawPhases.entries()) {
    if (!isRecord(raw)) return fail('invalid_shape', `Phase ${i + 1} is not a { kind, seconds } object.`, i);
    if (!PHASE_KINDS.includes(raw.kind as PhaseKind)) {
      return fail(
        'unknown_phase_kind',
        `Phase ${i + 1} has an unknown kind; use ${PHASE_KINDS.join(', ')}.`,
        i,
      );
    }
    if (typeof raw.seconds !== 'number' || !Number.isFinite(raw.seconds)) {
      return fail('invalid_duration', `Phase ${i + 1} needs a duration in seconds.`, i);
    }
    phases.push({ kind: raw.kind as PhaseKind, seconds: Math.round(raw.seconds * 1000) / 1000 });
  }
  if (phases.length < L.minPhases)
    return fail('too_few_phases', `A custom pattern has at least ${L.minPhases} phases.`);
  if (phases.length > L.maxPhases)
    return fail('too_many_phases', `A custom pattern has at most ${L.maxPhases} phases.`);
  for (const [i, p] of phases.entries()) {
    if (p.seconds < L.minPhaseSeconds) {
      return fail('phase_too_short', `Phase ${i + 1} is shorter than ${L.minPhaseSeconds} s.`, i);
    }
    if (p.seconds > L.maxPhaseSeconds) {
      return fail('phase_too_long', `Phase ${i + 1} is longer than ${L.maxPhaseSeconds} s.`, i);
    }
  }
  if (phases[0]?.kind !== 'inhale')
    return fail('first_not_inhale', 'A custom pattern starts with an inhale.', 0);
  if (!phases.some((p) => p.kind === 'exhale'))
    return fail('no_exhale', 'A custom pattern has at least one exhale.');
  // Summed in milliseconds so that 0.1 + 0.2 style rounding never moves a cycle across a limit.
  const cycle = phases.reduce((s, p) => s + Math.round(p.seconds * 1000), 0) / 1000;
  if (cycle < L.minCycleSeconds)
    return fail('cycle_too_short', `A cycle lasts at least ${L.minCycleSeconds} s.`);
  if (cycle > L.maxCycleSeconds)
    return fail('cycle_too_long', `A cycle lasts at most ${L.maxCycleSeconds} s.`);
  const name =
    isRecord(input) && typeof input.name === 'string' && input.name.trim() ? input.name.trim() : 'Custom';
  return ok({ id: CUSTOM_PATTERN_ID, name, purpose: 'Your own rhythm', phases });
}

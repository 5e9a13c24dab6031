/** The session engine runs only patterns that keep the rules (a cycle of at least 4 s is what bounds XP). */

import { type PatternErrorCode, validateCustomPattern } from './custom-pattern.ts';
import type { Pattern } from './patterns.ts';

/** Thrown by startSession for a pattern outside packages/core/RULES.md's limits; `code` names the broken rule. */
export class SessionPatternError extends Error {
  constructor(
    readonly code: PatternErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SessionPatternError';
  }
}

/** Every built-in pattern also keeps the custom-pattern limits, so one check serves both. */
export function checkSessionPattern(pattern: Pattern): void {
  const checked = validateCustomPattern(pattern);
  if (!checked.ok) throw new SessionPatternError(checked.error.code, checked.error.message);
  const same = checked.value.phases.every((p, i) => p.seconds === pattern.phases[i]?.seconds);
  if (!same) throw new SessionPatternError('invalid_duration', 'Phase durations are whole milliseconds.');
}

/**
 * Exponential backoff with "full jitter": the delay before retry n is uniform in
 * [0, min(cap, base * 2^n)). Spreading retries over the whole window keeps many devices that
 * lost the network together from coming back in lockstep.
 */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 2_000, capMs: 5 * 60_000 };

/** The upper bound of the window for a zero-based attempt number. */
export function backoffCeiling(attempt: number, options: BackoffOptions = defaultBackoff): number {
  if (!Number.isInteger(attempt) || attempt < 0)
    throw new RangeError(`attempt must be a natural number, got ${attempt}`);
  // 2^attempt overflows to Infinity for large attempts; min() with the cap keeps it finite.
  return Math.min(options.capMs, options.baseMs * 2 ** attempt);
}

/** `random` returns a value in [0, 1), like Math.random; tests inject a fixed sequence. */
export function backoffDelay(
  attempt: number,
  random: () => number = Math.random,
  options: BackoffOptions = defaultBackoff,
): number {
  return Math.floor(random() * backoffCeiling(attempt, options));
}

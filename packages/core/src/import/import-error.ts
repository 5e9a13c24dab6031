/** Why a file cannot be imported; `code` is stable, `message` is for people. */

export type ImportErrorCode =
  /** The text is not JSON. */
  | 'not_json'
  /** JSON, but neither this product's export nor Breath Master 0.3's. */
  | 'unknown_format'
  /** The right format with a missing or wrongly typed field. */
  | 'malformed'
  /** Written by a newer version than this one can read; nothing is guessed from it. */
  | 'newer_version'
  /** A day the server's plausibility check would refuse: an export of this product never holds one. */
  | 'implausible_day';

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

import type { IncomingMessage } from 'node:http';
import { restErrors } from './errors.ts';

// The Prefer header as PostgREST reads it (src/PostgREST/ApiRequest/Preferences.hs): comma-separated,
// the first value of each kind wins, unknown values are ignored unless `handling=strict`.

export interface Preferences {
  resolution: 'merge-duplicates' | 'ignore-duplicates' | null;
  return: 'representation' | 'minimal' | 'headers-only' | null;
  count: 'exact' | 'planned' | 'estimated' | null;
  missing: 'default' | 'null' | null;
  handling: 'strict' | 'lenient' | null;
  maxAffected: number | null;
}

const KINDS: Record<string, Record<string, string>> = {
  resolution: { 'merge-duplicates': 'merge-duplicates', 'ignore-duplicates': 'ignore-duplicates' },
  return: { representation: 'representation', minimal: 'minimal', 'headers-only': 'headers-only' },
  count: { exact: 'exact', planned: 'planned', estimated: 'estimated' },
  missing: { default: 'default', null: 'null' },
  handling: { strict: 'strict', lenient: 'lenient' },
};
// Accepted but not applied: the local stack, like Supabase's PostgREST, does not let clients end
// transactions (`db-tx-end` is `commit`), and answers in UTC.
const ACCEPTED = new Set(['tx=commit', 'tx=rollback']);

export function readPreferences(req: IncomingMessage): Preferences {
  const raw = req.headers.prefer;
  const values = (Array.isArray(raw) ? raw.join(',') : (raw ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const prefs: Preferences = {
    resolution: null,
    return: null,
    count: null,
    missing: null,
    handling: null,
    maxAffected: null,
  };
  const invalid: string[] = [];
  for (const value of values) {
    const [kind = '', setting = ''] = value.split('=', 2);
    const known = KINDS[kind]?.[setting];
    if (known !== undefined) {
      const k = kind as keyof Omit<Preferences, 'maxAffected'>;
      if (prefs[k] === null) (prefs as unknown as Record<string, string>)[k] = known;
    } else if (kind === 'max-affected' && /^\d+$/.test(setting)) {
      prefs.maxAffected ??= Number(setting);
    } else if (!ACCEPTED.has(value) && kind !== 'timezone') {
      invalid.push(value);
    }
  }
  if (prefs.handling === 'strict' && invalid.length > 0) throw restErrors.invalidPreferences(invalid);
  return prefs;
}

/** Whether PostgREST computes a total (exact counts; planned and estimated are exact here). */
export function wantsCount(prefs: Preferences): boolean {
  return prefs.count !== null;
}

/** Preference-Applied, in PostgREST's order; `applies` says which kinds this request honoured. */
export function preferenceApplied(
  prefs: Preferences,
  applies: { resolution?: boolean; missing?: boolean; return?: boolean; maxAffected?: boolean },
): Record<string, string> {
  const parts: string[] = [];
  if (applies.resolution && prefs.resolution !== null) parts.push(`resolution=${prefs.resolution}`);
  if (applies.missing && prefs.missing !== null) parts.push(`missing=${prefs.missing}`);
  if (applies.return && prefs.return !== null) parts.push(`return=${prefs.return}`);
  if (prefs.count !== null) parts.push(`count=${prefs.count}`);
  if (prefs.handling !== null) parts.push(`handling=${prefs.handling}`);
  if (applies.maxAffected && prefs.handling === 'strict' && prefs.maxAffected !== null)
    parts.push(`max-affected=${prefs.maxAffected}`);
  return parts.length === 0 ? {} : { 'Preference-Applied': parts.join(', ') };
}

/** Reads an import file of either format into an ImportPlan, or refuses it with an ImportError. */

import { err, ok, type Result } from '../result.ts';
import { isExportDocument, readExportDocument } from './export-file.ts';
import { ImportError } from './import-error.ts';
import type { ImportPlan } from './import-plan.ts';
import { isLegacyExport, readLegacyExport } from './legacy-export.ts';

export interface ParseImportOptions {
  /** The local day of an instant; defaults to this runtime's time zone (0.3 sessions carry instants, not days). */
  readonly dayOf?: (ms: number) => string;
}

/** Throws an ImportError for anything that is not a readable export of either format. */
export function parseImport(text: string, options: ParseImportOptions = {}): ImportPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ImportError('not_json', 'This is not JSON, so it is not a Breath Master export.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ImportError('unknown_format', 'This is not a Breath Master export.');
  }
  const doc = raw as Record<string, unknown>;
  if (isExportDocument(doc)) return readExportDocument(doc);
  if (isLegacyExport(doc)) return readLegacyExport(doc, options.dayOf);
  throw new ImportError('unknown_format', 'This is not a Breath Master export.');
}

/** parseImport as a value. */
export function tryParseImport(
  text: string,
  options: ParseImportOptions = {},
): Result<ImportPlan, ImportError> {
  try {
    return ok(parseImport(text, options));
  } catch (e) {
    if (e instanceof ImportError) return err(e);
    throw e;
  }
}

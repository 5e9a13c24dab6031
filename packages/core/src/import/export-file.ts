/**
 * This product's export file ("Export My Data"): `{ format, version, exported_at, local, server }`, where `local` is
 * the device's progress record (any version core can migrate) and `server` what the server held, or null. Only
 * `local` is imported: the server's rows are the player's other devices too, and a device may only carry its own.
 */

import type { AchievementId } from '../achievements.ts';
import { type DeviceDays, isPlausibleDay } from '../counters.ts';
import { tryMigrateProgress } from '../progress/migrations.ts';
import type { ProgressRecord } from '../progress/record.ts';
import { ImportError } from './import-error.ts';
import { type ImportPlan, totalsOf } from './import-plan.ts';

/** Names the file's format, so a reader can tell it from any other JSON. */
export const EXPORT_FORMAT = 'breath-master-export';

/** Raised when the file's own layout changes; a reader refuses a higher one instead of guessing. */
export const EXPORT_FORMAT_VERSION = 1;

export interface ExportDocument {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_FORMAT_VERSION;
  readonly exported_at: string;
  readonly local: ProgressRecord;
  readonly server: unknown;
}

/** The export file's content for a device's record (and the server's copy, or null). */
export function buildExportDocument(local: ProgressRecord, server: unknown, now: Date): ExportDocument {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_FORMAT_VERSION,
    exported_at: now.toISOString(),
    local,
    server,
  };
}

type Raw = Record<string, unknown>;

/** True when the object looks like this product's export (earlier exports carried no `format`). */
export function isExportDocument(raw: Raw): boolean {
  return raw.format === EXPORT_FORMAT || ('local' in raw && 'exported_at' in raw);
}

export function readExportDocument(raw: Raw): ImportPlan {
  if (raw.format !== undefined && raw.format !== EXPORT_FORMAT) {
    throw new ImportError(
      'unknown_format',
      `This file's format is ${JSON.stringify(raw.format)}, not an export.`,
    );
  }
  const version = raw.version ?? EXPORT_FORMAT_VERSION;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ImportError('malformed', 'The export file has no valid version.');
  }
  if (version > EXPORT_FORMAT_VERSION) {
    throw new ImportError(
      'newer_version',
      `The file was exported by a newer version of Breath Master (format ${version}); update to import it.`,
    );
  }
  const migrated = tryMigrateProgress(raw.local);
  if (!migrated.ok) {
    if (migrated.error.code === 'newer_version') {
      throw new ImportError(
        'newer_version',
        'The file holds progress from a newer version of Breath Master; update to import it.',
      );
    }
    throw new ImportError(
      'malformed',
      `The export file's progress cannot be read: ${migrated.error.message}.`,
    );
  }
  const record = migrated.value;
  for (const [day, c] of Object.entries(record.deviceDays)) {
    if (!isPlausibleDay(c)) {
      throw new ImportError(
        'implausible_day',
        `The file's ${day} (${c.xp} XP, ${c.cycles} cycles, ${c.seconds} s) is beyond what a day can hold.`,
      );
    }
  }
  const deviceDays: DeviceDays = record.deviceDays;
  const exportedAt = typeof raw.exported_at === 'string' ? raw.exported_at : null;
  return {
    format: 'export',
    writtenBy: null,
    exportedAt,
    deviceDays,
    dailyBonusDays: record.dailyBonusDays,
    patternsTried: record.patternsTried,
    achievements: record.achievements as Partial<Record<AchievementId, string>>,
    totals: totalsOf(deviceDays),
    unattributed: null,
    syncedPlayerId: syncedPlayerOf(raw.server),
    capped: { xp: 0, cycles: 0, seconds: 0 },
  };
}

/** The player id in an export's server part (`export_my_data()`'s `player.id`), or null. */
function syncedPlayerOf(server: unknown): string | null {
  if (typeof server !== 'object' || server === null) return null;
  const player = (server as { player?: unknown }).player;
  if (typeof player !== 'object' || player === null) return null;
  const id = (player as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

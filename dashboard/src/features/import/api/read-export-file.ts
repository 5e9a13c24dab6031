import {
  deriveAchievements,
  type ImportPlan,
  localDayOf,
  type PlayerView,
  playerView,
  tryParseImport,
} from '@breath-master/core';
import type { DayCounters } from '@breath-master/sync';

// Reads an export file in the browser: no request, nothing stored. Parsing and the figures are core's, so a file
// shows exactly what the extension and the server would compute from the same days.

/** Larger than any real export by far; refusing it keeps a wrong pick from freezing the tab. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface ImportedProgress {
  readonly fileName: string;
  readonly plan: ImportPlan;
  readonly view: PlayerView;
  /** The file's days, oldest first, as the charts take them. */
  readonly daily: readonly DayCounters[];
  readonly achievements: readonly { id: string; unlocked_on: string }[];
  readonly today: string;
}

export type ReadResult = { ok: true; progress: ImportedProgress } | { ok: false; message: string };

/** The figures of a parsed file as of `today`; achievements the file names, plus those its days reach. */
export function progressOf(fileName: string, plan: ImportPlan, today: string): ImportedProgress {
  const daily = Object.entries(plan.deviceDays)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, c]) => ({ day, xp: c.xp, cycles: c.cycles, seconds: c.seconds }));
  const unlocked = new Map<string, string>(Object.entries(plan.achievements));
  for (const a of deriveAchievements(plan.deviceDays)) {
    const known = unlocked.get(a.id);
    if (known === undefined || a.unlockedOn < known) unlocked.set(a.id, a.unlockedOn);
  }
  return {
    fileName,
    plan,
    view: playerView([plan.deviceDays], today),
    daily,
    achievements: [...unlocked].map(([id, unlocked_on]) => ({ id, unlocked_on })),
    today,
  };
}

export async function readExportFile(file: File, now = new Date()): Promise<ReadResult> {
  if (file.size > MAX_FILE_BYTES)
    return { ok: false, message: 'This file is too large to be a Breath Master export.' };
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    return {
      ok: false,
      message: `The file could not be read: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  const parsed = tryParseImport(text);
  if (!parsed.ok) return { ok: false, message: parsed.error.message };
  return { ok: true, progress: progressOf(file.name, parsed.value, localDayOf(now)) };
}

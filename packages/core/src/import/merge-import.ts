/**
 * Merging an import into local progress with sync's rule: per day, each counter takes the larger value. An import is
 * therefore idempotent (the same file twice changes nothing the second time) and commutative (files in any order,
 * before or after the record's own days, end the same), and nothing is ever counted twice.
 */

import { type AchievementId, deriveAchievements } from '../achievements.ts';
import { type DeviceDays, mergeDeviceDays } from '../counters.ts';
import type { ProgressRecord } from '../progress/record.ts';
import type { ImportPlan, ImportTotals } from './import-plan.ts';
import { totalsOf } from './import-plan.ts';

export interface ImportOutcome {
  /** The merged record; the very same object when the import changes nothing. */
  readonly record: ProgressRecord;
  readonly changed: boolean;
  /** What the merge adds to the record: days that were not there, and the growth of each counter. */
  readonly added: ImportTotals;
}

const earlier = (a: string | undefined, b: string | undefined): string | undefined =>
  a === undefined ? b : b === undefined ? a : a < b ? a : b;

function sameDays(a: DeviceDays, b: DeviceDays): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((day) => {
    const x = a[day];
    const y = b[day];
    return x && y && x.xp === y.xp && x.cycles === y.cycles && x.seconds === y.seconds;
  });
}

function union(a: readonly string[], b: readonly string[]): string[] {
  const out = [...a];
  for (const x of b) if (!out.includes(x)) out.push(x);
  return out;
}

/**
 * Adds a file's days, first-session bonus days, patterns and achievements to the record. Achievements keep the
 * earliest date either side or the merged days give them. Session entries are not merged: they count sessions,
 * which would then count twice.
 */
export function importIntoProgress(record: ProgressRecord, plan: ImportPlan): ImportOutcome {
  const deviceDays = mergeDeviceDays(record.deviceDays, plan.deviceDays);
  const dailyBonusDays = union(record.dailyBonusDays, plan.dailyBonusDays).sort();
  const patternsTried = union(record.patternsTried, plan.patternsTried);

  const achievements: Partial<Record<AchievementId, string>> = {};
  const ids = new Set([
    ...Object.keys(record.achievements),
    ...Object.keys(plan.achievements),
  ] as AchievementId[]);
  for (const id of ids) {
    const on = earlier(record.achievements[id], plan.achievements[id]);
    if (on !== undefined) achievements[id] = on;
  }
  // Synced achievements follow from the merged days, and more days can only reach a mark earlier: taking the
  // earlier date keeps the result independent of the order files come in. Local ones would be dated from this
  // record's sessions (and so depend on which side was the record): they come from the two maps alone.
  for (const u of deriveAchievements(deviceDays))
    achievements[u.id] = earlier(achievements[u.id], u.unlockedOn);

  const daysChanged = !sameDays(deviceDays, record.deviceDays);
  const changed =
    daysChanged ||
    dailyBonusDays.length !== record.dailyBonusDays.length ||
    patternsTried.length !== record.patternsTried.length ||
    Object.entries(achievements).some(([id, on]) => record.achievements[id as AchievementId] !== on);
  const before = totalsOf(record.deviceDays);
  const after = totalsOf(deviceDays);
  const added = {
    days: after.days - before.days,
    xp: after.xp - before.xp,
    cycles: after.cycles - before.cycles,
    seconds: after.seconds - before.seconds,
  };
  if (!changed) return { record, changed: false, added };
  return {
    record: {
      ...record,
      deviceDays,
      dailyBonusDays,
      patternsTried,
      achievements,
      // New counters wait for a push; a merge that adds no counter leaves the flag as it was.
      dirty: record.dirty || daysChanged,
    },
    changed: true,
    added,
  };
}

import type { ImportOutcome, ImportPlan } from '../game.ts';

/** The import's words, kept apart from the command so they can be read and tested as text. */

export const importSources = {
  file: 'From a file',
  clipboard: 'From the clipboard (Breath Master 0.3)',
} as const;

export const importAccept = 'Import';

const n = (x: number) => x.toLocaleString('en');
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;
const minutes = (seconds: number) => plural(Math.round(seconds / 60), 'minute');

function source(plan: ImportPlan): string {
  const when =
    plan.exportedAt && !Number.isNaN(Date.parse(plan.exportedAt)) ? plan.exportedAt.slice(0, 10) : null;
  const who = plan.format === 'legacy-0.3' ? `Breath Master ${plan.writtenBy ?? '0.3'}` : 'Breath Master';
  return when ? `Exported by ${who} on ${when}.` : `Exported by ${who}.`;
}

/** What 0.3 counted but cannot be placed on a day, and what a day could not hold: said, never hidden. */
function leftOut(plan: ImportPlan): string[] {
  const lines: string[] = [];
  const u = plan.unattributed;
  if (u && (u.xp > 0 || u.seconds > 0)) {
    lines.push(
      `Not imported: ${n(u.xp)} XP and ${minutes(u.seconds)} that Breath Master 0.3 counted in its totals without a session saying on which day.`,
    );
  }
  if (plan.capped.xp > 0 || plan.capped.cycles > 0 || plan.capped.seconds > 0) {
    lines.push(
      `Held back: ${n(plan.capped.xp)} XP, ${plural(plan.capped.cycles, 'cycle')} and ${minutes(plan.capped.seconds)} beyond what one day can hold (the limit the sync server applies).`,
    );
  }
  return lines;
}

/** The confirmation modal: a one-line question and the detail under it. */
export function importConfirmation(
  plan: ImportPlan,
  preview: ImportOutcome,
  { unsyncedDays = 0 }: { readonly unsyncedDays?: number } = {},
): { message: string; detail: string } {
  const t = plan.totals;
  const a = preview.added;
  return {
    message: `Import ${plural(t.days, 'day')} and ${n(t.xp)} XP?`,
    detail: [
      source(plan),
      `The file holds ${plural(t.days, 'day')}: ${n(t.xp)} XP, ${plural(t.cycles, 'cycle')}, ${minutes(t.seconds)}.`,
      `This editor gains ${plural(a.days, 'new day')} and ${n(a.xp)} XP. Each day keeps the larger of its two values, so importing never counts anything twice.`,
      ...leftOut(plan),
      ...(unsyncedDays > 0
        ? [
            unsyncedDays === 1
              ? '1 day of it is older than the 30 days sync sends: it stays in this editor only.'
              : `${n(unsyncedDays)} days of it are older than the 30 days sync sends: they stay in this editor only.`,
          ]
        : []),
    ].join('\n\n'),
  };
}

/** Said instead of the modal when the import would change nothing. */
export function nothingToImport(plan: ImportPlan): string {
  return [
    plan.totals.days === 0
      ? 'Nothing to import: the data holds no breathing on a known day.'
      : 'Nothing to import: this editor already holds everything in it.',
    ...leftOut(plan),
  ].join(' ');
}

export function imported(outcome: ImportOutcome): string {
  return `Imported ${n(outcome.added.xp)} XP (${plural(outcome.added.days, 'new day')}).`;
}

/** Said when the file comes from a device synced to the same player as this editor. */
export const samePlayerRefusal =
  'Nothing was imported: this file was exported by a device that syncs to the same profile as this editor, so its days already count there. Importing them here would count them twice.';

import type { UnreadableRecord } from '../../../shared/local-progress.ts';

function why(record: UnreadableRecord): string {
  if (record.error.code === 'newer_version')
    return 'It was written by a newer version of Breath Master: reload the page to get that version.';
  return 'It is damaged or not a Breath Master record.';
}

/**
 * Says that the progress saved in this browser cannot be read, and hands it over as it is. The record
 * is never written over (new sessions are not saved meanwhile), so nothing is lost by waiting.
 */
export function RecordProblem({ record }: { record: UnreadableRecord }) {
  const href = `data:application/json;charset=utf-8,${encodeURIComponent(record.raw)}`;
  return (
    <div
      role="alert"
      className="rounded-2xl border border-amber-300/50 bg-amber-400/10 px-4 py-3 text-sm text-amber-50"
      data-testid="record-problem"
    >
      <p className="font-semibold">The progress saved in this browser cannot be read.</p>
      <p className="mt-1">
        {why(record)} It is kept exactly as it is, and new sessions are not saved over it.
      </p>
      <a
        href={href}
        download="breath-master-progress.json"
        className="mt-2 inline-flex min-h-11 items-center font-medium text-calm underline underline-offset-4"
      >
        Download the saved record
      </a>
    </div>
  );
}

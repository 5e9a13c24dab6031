import { levelForXp, localDayOf, recordXp } from '@breath-master/core';
import { useLocalRecord, useUnreadableRecord } from '../../../shared/local-progress.ts';
import { useSyncConsent } from '../../../shared/sync-consent.ts';
import { ProgressBar } from '../../../shared/ui/progress-bar.tsx';
import { Stat } from '../../../shared/ui/stat.tsx';

function syncState(breathed: boolean, dirty: boolean, syncing: boolean, unreadable: boolean): string {
  if (unreadable) return 'Not saving here: the saved progress could not be read.';
  if (!syncing) return breathed ? 'Kept in this browser only.' : 'Nothing breathed here yet.';
  if (dirty) return 'Waiting to sync this browser’s breaths…';
  return breathed ? 'All breaths synced.' : 'Nothing to sync yet.';
}

/** What this browser has breathed, straight from its local record (works offline). */
export function LocalTotals() {
  const record = useLocalRecord();
  const unreadable = useUnreadableRecord() !== null;
  const syncing = useSyncConsent()?.sync === true;
  const days = Object.values(record.deviceDays);
  const xp = recordXp(record);
  const seconds = days.reduce((sum, d) => sum + d.seconds, 0);
  const today = record.deviceDays[localDayOf(new Date())];
  const level = levelForXp(xp);
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-2 [&>*:last-child]:col-span-2 sm:[&>*:last-child]:col-span-1 lg:[&>*:last-child]:col-span-2">
        <Stat
          label="Today"
          value={`${today?.xp ?? 0} XP`}
          hint={`${today?.cycles ?? 0} ${today?.cycles === 1 ? 'cycle' : 'cycles'}`}
        />
        <Stat label="Here" value={`${xp} XP`} hint={`${Math.round(seconds / 60)} min`} />
        <Stat label="Level" value={level.level} hint={level.title} />
      </dl>
      <ProgressBar value={level.progress} label={`Level ${level.level} progress`} />
      <p className="text-xs text-slate-400" data-testid="sync-state">
        {syncState(days.length > 0, record.dirty, syncing, unreadable)}
      </p>
    </div>
  );
}

import { Stat } from '../../../shared/ui/stat.tsx';
import { useLiveBoard } from '../api/get-live-board.ts';
import type { LiveBoard } from '../api/live-board.ts';

const fmt = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString('en'));
const selectStats = (board: LiveBoard) => board.stats;

/** The tiles, from the live board's `stats` (kept by the same messages as the rows). */
export function GlobalFigures() {
  const stats = useLiveBoard(selectStats).data;
  const breathingNow = stats?.breathing_now;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      <Stat label="Players" value={fmt(stats?.players)} />
      <Stat label="Active today" value={fmt(stats?.active_today)} />
      <Stat label="Cycles today" value={fmt(stats?.cycles_today)} />
      <Stat
        label="Breathing now"
        value={
          <span className="inline-flex items-center gap-2" aria-live="polite">
            <span
              className={`size-2.5 rounded-full ${(breathingNow ?? 0) > 0 ? 'animate-pulse bg-calm' : 'bg-slate-500'}`}
              aria-hidden="true"
            />
            {fmt(breathingNow)}
          </span>
        }
      />
    </dl>
  );
}

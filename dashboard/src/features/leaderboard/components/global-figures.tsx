import { Stat } from '../../../shared/ui/stat.tsx';
import { useGlobalStats } from '../api/get-global-stats.ts';
import { useBreathingNow } from '../api/use-breathing-now.ts';

const fmt = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString('en'));

export function GlobalFigures() {
  const stats = useGlobalStats();
  const breathingNow = useBreathingNow();
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      <Stat label="Players" value={fmt(stats.data?.players)} />
      <Stat label="Active today" value={fmt(stats.data?.active_today)} />
      <Stat label="Cycles today" value={fmt(stats.data?.cycles_today)} />
      <Stat
        label="Breathing now"
        value={
          <span className="inline-flex items-center gap-2" aria-live="polite">
            <span
              className={`size-2.5 rounded-full ${breathingNow > 0 ? 'animate-pulse bg-calm' : 'bg-slate-500'}`}
              aria-hidden="true"
            />
            {breathingNow}
          </span>
        }
      />
    </dl>
  );
}

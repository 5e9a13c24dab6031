import { levelForXp, localDayOf } from '@breath-master/core';
import { lazy, Suspense } from 'react';
import { Link } from 'react-router';
import { Card } from '../../../shared/ui/card.tsx';
import { ProgressBar } from '../../../shared/ui/progress-bar.tsx';
import { Stat } from '../../../shared/ui/stat.tsx';
import { Empty, ErrorMessage, Loading } from '../../../shared/ui/state-message.tsx';
import { useMyProgress } from '../api/get-my-progress.ts';
import { AchievementsList } from './achievements-list.tsx';
import { DevicesList } from './devices-list.tsx';
import { PairForm } from './pair-form.tsx';
import { PrivacyPanel } from './privacy-panel.tsx';
import { YearHeatmap } from './year-heatmap.tsx';

const XpChart = lazy(() => import('./xp-chart.tsx'));

export function MePage() {
  const progress = useMyProgress();
  if (progress.isPending) return <Loading label="Loading your progress…" />;
  if (progress.isError) return <ErrorMessage error={progress.error} retry={() => void progress.refetch()} />;
  if (!progress.data) {
    return (
      <div className="mx-auto max-w-xl space-y-6">
        <h1 className="text-2xl font-semibold tracking-tight text-white">My progress</h1>
        <Empty title="No progress here yet">
          Link this browser to your editor with a pairing code, or{' '}
          <Link to="/breathe" className="text-calm underline underline-offset-4">
            breathe here
          </Link>{' '}
          to start. Have an export file?{' '}
          <Link to="/import" className="text-calm underline underline-offset-4">
            Open it here
          </Link>
          , no server needed.
        </Empty>
        <Card>
          <PairForm />
        </Card>
      </div>
    );
  }
  const { stats, daily, devices, achievements } = progress.data;
  const level = levelForXp(stats.total_xp);
  const today = localDayOf(new Date());
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <p className="text-sm text-slate-400">Playing as</p>
          <h1 className="text-2xl font-semibold tracking-tight text-white sm:text-3xl" data-testid="handle">
            {stats.handle}
          </h1>
        </div>
        {!stats.show_on_leaderboard ? (
          <span className="rounded-full border border-line px-3 py-1 text-xs text-slate-300">
            Hidden from leaderboards
          </span>
        ) : null}
      </header>
      <Card title={`Level ${level.level} · ${level.title}`}>
        <ProgressBar value={level.progress} label={`Progress to level ${level.level + 1}`} />
        <p className="mt-2 text-sm text-slate-300">
          <span data-testid="total-xp">{stats.total_xp.toLocaleString('en')} XP</span> ·{' '}
          {level.xpToNext.toLocaleString('en')} XP to level {level.level + 1}
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Current streak" value={`${stats.current_streak} d`} />
          <Stat label="Longest streak" value={`${stats.longest_streak} d`} />
          <Stat label="Cycles" value={stats.total_cycles.toLocaleString('en')} />
          <Stat label="Minutes" value={Math.round(stats.total_seconds / 60).toLocaleString('en')} />
        </dl>
      </Card>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="XP per day">
          <Suspense fallback={<Loading label="Drawing the chart…" />}>
            <XpChart daily={daily} today={today} />
          </Suspense>
        </Card>
        <Card title="Active days">
          <YearHeatmap daily={daily} today={today} />
        </Card>
      </div>
      <Card title="Achievements">
        <AchievementsList unlocked={achievements} />
      </Card>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Card title="Linked devices">
          <DevicesList devices={devices} />
        </Card>
        <Card title="Privacy">
          <PrivacyPanel stats={stats} />
        </Card>
      </div>
    </div>
  );
}

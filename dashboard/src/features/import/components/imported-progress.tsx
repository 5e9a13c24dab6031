import { lazy, Suspense } from 'react';
import { AchievementsList, loadXpChart, YearHeatmap } from '../../../shared/progress-views.ts';
import { Card } from '../../../shared/ui/card.tsx';
import { ProgressBar } from '../../../shared/ui/progress-bar.tsx';
import { Stat } from '../../../shared/ui/stat.tsx';
import { Loading } from '../../../shared/ui/state-message.tsx';
import type { ImportedProgress } from '../api/read-export-file.ts';

const XpChart = lazy(loadXpChart);

const n = (x: number) => x.toLocaleString('en');

function Source({ progress }: { progress: ImportedProgress }) {
  const { plan, fileName } = progress;
  const who = plan.format === 'legacy-0.3' ? `Breath Master ${plan.writtenBy ?? '0.3'}` : 'Breath Master';
  const when =
    plan.exportedAt && !Number.isNaN(Date.parse(plan.exportedAt)) ? plan.exportedAt.slice(0, 10) : null;
  const u = plan.unattributed;
  return (
    <div className="space-y-1 text-sm text-slate-300">
      <p>
        <span className="font-medium text-slate-100" data-testid="file-name">
          {fileName}
        </span>
        : exported by {who}
        {when ? ` on ${when}` : ''}, {n(plan.totals.days)} {plan.totals.days === 1 ? 'day' : 'days'}.
      </p>
      {u && (u.xp > 0 || u.seconds > 0) ? (
        <p data-testid="unattributed">
          Not shown: {n(u.xp)} XP and {n(Math.round(u.seconds / 60))} minutes that Breath Master 0.3 counted
          without a session saying on which day.
        </p>
      ) : null}
      {plan.capped.xp > 0 ? (
        <p data-testid="capped">Held back: {n(plan.capped.xp)} XP beyond what one day can hold.</p>
      ) : null}
    </div>
  );
}

/** My Progress drawn from a file: the same figures and components as /me, from core's player view. */
export function ImportedProgressView({ progress }: { progress: ImportedProgress }) {
  const { view, daily, today, achievements } = progress;
  const level = view.level;
  return (
    <div className="space-y-6">
      <Source progress={progress} />
      <Card title={`Level ${level.level} · ${level.title}`}>
        <ProgressBar value={level.progress} label={`Progress to level ${level.level + 1}`} />
        <p className="mt-2 text-sm text-slate-300">
          <span data-testid="total-xp">{n(view.totalXp)} XP</span> · {n(level.xpToNext)} XP to level{' '}
          {level.level + 1}
        </p>
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4">
          <Stat label="Current streak" value={`${view.currentStreak} d`} />
          <Stat label="Longest streak" value={`${view.longestStreak} d`} />
          <Stat label="Cycles" value={n(view.totalCycles)} />
          <Stat label="Minutes" value={n(Math.round(view.totalSeconds / 60))} />
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
    </div>
  );
}

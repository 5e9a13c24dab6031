import { ProgressBar } from '../../../shared/ui/progress-bar.tsx';
import type { TeamGoal } from '../api/team-types.ts';

export function GoalProgress({ goal }: { goal: TeamGoal }) {
  const unit = goal.metric === 'minutes' ? 'minutes' : 'cycles';
  const ends = new Date(`${goal.ends_on}T00:00:00`).toLocaleDateString('en', { dateStyle: 'medium' });
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <p className="text-lg font-semibold text-white" data-testid="goal-progress">
          {goal.progress.toLocaleString('en')} / {goal.target.toLocaleString('en')} {unit}
        </p>
        <p className="text-sm text-slate-400">
          {goal.reached_on
            ? `Reached on ${new Date(`${goal.reached_on}T00:00:00`).toLocaleDateString('en', { dateStyle: 'medium' })}`
            : `by ${ends}`}
        </p>
      </div>
      <ProgressBar value={goal.progress / goal.target} label="Team goal progress" tone="dusk" />
    </div>
  );
}

import { type FormEvent, useState } from 'react';
import { Button } from '../../../shared/ui/button.tsx';
import { ErrorMessage } from '../../../shared/ui/state-message.tsx';
import { useSetTeamGoal } from '../api/set-team-goal.ts';

function inDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return d.toISOString().slice(0, 10);
}

const field = 'mt-1 block min-h-11 w-full rounded-lg border border-line bg-panel-2 px-3 text-slate-100';

export function GoalForm({ teamId }: { teamId: string }) {
  const [metric, setMetric] = useState<'minutes' | 'cycles'>('minutes');
  const [target, setTarget] = useState('60');
  const [endsOn, setEndsOn] = useState(inDays(7));
  const goal = useSetTeamGoal();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    goal.mutate({ teamId, metric, target: Number(target), endsOn });
  };
  return (
    <form onSubmit={submit} className="grid gap-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
      <label className="text-sm text-slate-300">
        Target
        <input
          type="number"
          min={1}
          max={10_000_000}
          required
          value={target}
          onChange={(e) => setTarget(e.target.value)}
          className={field}
        />
      </label>
      <label className="text-sm text-slate-300">
        Of
        <select
          value={metric}
          onChange={(e) => setMetric(e.target.value as 'minutes' | 'cycles')}
          className={field}
        >
          <option value="minutes">minutes</option>
          <option value="cycles">cycles</option>
        </select>
      </label>
      <label className="text-sm text-slate-300">
        By
        <input
          type="date"
          required
          value={endsOn}
          onChange={(e) => setEndsOn(e.target.value)}
          className={field}
        />
      </label>
      <Button type="submit" disabled={goal.isPending}>
        Set goal
      </Button>
      {goal.isError ? (
        <div className="sm:col-span-4">
          <ErrorMessage error={goal.error} />
        </div>
      ) : null}
    </form>
  );
}

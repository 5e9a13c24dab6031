import { achievementNames } from './achievement-names.ts';

export function AchievementsList({ unlocked }: { unlocked: readonly { id: string; unlocked_on: string }[] }) {
  const on = new Map(unlocked.map((a) => [a.id, a.unlocked_on]));
  return (
    <ul className="grid gap-2 sm:grid-cols-2">
      {achievementNames.map((a) => {
        const date = on.get(a.id);
        return (
          <li
            key={a.id}
            className={`flex items-start gap-3 rounded-xl border px-3 py-2 ${date ? 'border-calm/40 bg-calm/5' : 'border-line/60 opacity-70'}`}
          >
            <span
              aria-hidden="true"
              className={`mt-1 size-2.5 shrink-0 rounded-full ${date ? 'bg-calm' : 'bg-slate-600'}`}
            />
            <span>
              <span className="block text-sm font-medium text-slate-100">{a.name}</span>
              <span className="block text-xs text-slate-400">
                {date
                  ? `Unlocked ${new Date(`${date}T00:00:00`).toLocaleDateString('en', { dateStyle: 'medium' })}`
                  : a.detail}
              </span>
            </span>
          </li>
        );
      })}
    </ul>
  );
}

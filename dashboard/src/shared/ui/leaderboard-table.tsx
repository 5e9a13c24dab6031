import { useEffect, useRef, useState } from 'react';
import type { LeaderboardRow, Scope } from '../leaderboard-rows.ts';
import { useFlip } from '../use-flip.ts';

function RowCells({ row, scope }: { row: LeaderboardRow; scope: Scope }) {
  return (
    <>
      <td className="w-12 py-3 pl-3 text-right font-semibold tabular-nums text-slate-300 sm:pl-4">
        {row.rank}
      </td>
      <td className="px-3 py-3">
        <span className="font-medium text-slate-50">{row.handle}</span>
        {row.is_me ? (
          <span className="ml-2 rounded-full bg-calm/15 px-2 py-0.5 text-xs text-calm">you</span>
        ) : null}
      </td>
      <td className="hidden px-3 py-3 tabular-nums text-slate-300 sm:table-cell">{row.level}</td>
      <td className="px-3 py-3 tabular-nums text-slate-300">
        {row.current_streak > 0 ? `${row.current_streak} d` : '–'}
      </td>
      <td className="py-3 pr-3 text-right font-semibold tabular-nums text-slate-50 sm:pr-4">
        {(scope === 'weekly' ? row.weekly_xp : row.total_xp).toLocaleString('en')}
      </td>
    </>
  );
}

/** Remembers, per player, the score last shown, so only rows that just changed glow. */
function useChangedRows(rows: readonly LeaderboardRow[], scope: Scope): Set<string> {
  const seen = useRef(new Map<string, number>());
  const [changed, setChanged] = useState(new Set<string>());
  useEffect(() => {
    const next = new Set<string>();
    const first = seen.current.size === 0;
    for (const row of rows) {
      const score = scope === 'weekly' ? row.weekly_xp : row.total_xp;
      const before = seen.current.get(row.player_id);
      if (!first && before !== score) next.add(row.player_id);
      seen.current.set(row.player_id, score);
    }
    if (next.size > 0) setChanged(next);
  }, [rows, scope]);
  return changed;
}

export function LeaderboardTable({
  rows,
  scope,
  caption,
}: {
  rows: readonly LeaderboardRow[];
  scope: Scope;
  caption: string;
}) {
  const flip = useFlip(rows.map((row) => row.player_id));
  const changed = useChangedRows(rows, scope);
  const me = rows.find((row) => row.is_me);
  const myRow = useRef<HTMLTableRowElement | null>(null);
  const [meVisible, setMeVisible] = useState(true);

  // biome-ignore lint/correctness/useExhaustiveDependencies: observe again when my row is a different element
  useEffect(() => {
    const el = myRow.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(([entry]) => setMeVisible(entry?.isIntersecting ?? true));
    observer.observe(el);
    return () => observer.disconnect();
  }, [me?.player_id]);

  return (
    <div className="relative">
      <table className="w-full border-separate border-spacing-0 text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-400">
            <th scope="col" className="py-2 pl-3 text-right font-medium sm:pl-4">
              #
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Player
            </th>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">
              Level
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Streak
            </th>
            <th scope="col" className="py-2 pr-3 text-right font-medium sm:pr-4">
              XP
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.player_id}
              ref={(el) => {
                flip(row.player_id)(el);
                if (row.is_me) myRow.current = el;
              }}
              data-player={row.player_id}
              aria-current={row.is_me ? 'true' : undefined}
              className={`border-t border-line/60 ${row.is_me ? 'bg-calm/10' : ''} ${changed.has(row.player_id) ? 'row-updated' : ''} [&>td]:border-t [&>td]:border-line/50`}
            >
              <RowCells row={row} scope={scope} />
            </tr>
          ))}
        </tbody>
      </table>
      {me && !meVisible ? (
        <div
          className="sticky bottom-3 mt-2 rounded-xl border border-calm/40 bg-panel-2/95 shadow-xl backdrop-blur"
          data-testid="pinned-me"
        >
          <table className="w-full text-sm">
            <tbody>
              <tr aria-label="Your row">
                <RowCells row={me} scope={scope} />
              </tr>
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}

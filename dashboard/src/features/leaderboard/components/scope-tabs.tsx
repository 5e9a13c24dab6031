import type { KeyboardEvent } from 'react';
import type { Scope } from '../../../shared/leaderboard-rows.ts';

const tabs: readonly { scope: Scope; label: string }[] = [
  { scope: 'all_time', label: 'All time' },
  { scope: 'weekly', label: 'This week' },
];

export function ScopeTabs({ scope, onChange }: { scope: Scope; onChange: (scope: Scope) => void }) {
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const next = scope === 'all_time' ? 'weekly' : 'all_time';
    onChange(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
  return (
    <div
      role="tablist"
      aria-label="Period"
      className="inline-flex rounded-xl bg-panel-2 p-1"
      onKeyDown={onKey}
    >
      {tabs.map((tab) => (
        <button
          key={tab.scope}
          id={`tab-${tab.scope}`}
          type="button"
          role="tab"
          aria-selected={scope === tab.scope}
          aria-controls="board-panel"
          tabIndex={scope === tab.scope ? 0 : -1}
          onClick={() => onChange(tab.scope)}
          className={`min-h-10 rounded-lg px-4 text-sm transition-colors ${scope === tab.scope ? 'bg-calm text-ink font-semibold' : 'text-slate-300 hover:text-white'}`}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

import { useState } from 'react';
import type { Scope } from '../../../shared/leaderboard-rows.ts';
import { useMyTeams } from '../../../shared/my-teams.ts';
import { useTeamChannel } from '../../../shared/team-channel.ts';
import { Card } from '../../../shared/ui/card.tsx';
import { POLL_MS } from '../api/get-live-board.ts';
import { type LiveStatus, useLeaderboardChannel } from '../api/use-leaderboard-channel.ts';
import { GlobalFigures } from './global-figures.tsx';
import { LeaderboardView } from './leaderboard-view.tsx';
import { ScopeTabs } from './scope-tabs.tsx';

function LiveBadge({ status }: { status: LiveStatus }) {
  if (status === 'unavailable') return null;
  const live = status === 'live';
  return (
    <span
      data-testid="live"
      data-live={live}
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs ${live ? 'bg-calm/15 text-calm' : 'bg-white/5 text-slate-400'}`}
    >
      <span className={`size-1.5 rounded-full ${live ? 'bg-calm' : 'bg-slate-500'}`} aria-hidden="true" />
      {live ? 'Live' : 'Connecting…'}
    </span>
  );
}

export function LeaderboardPage() {
  const [scope, setScope] = useState<Scope>('all_time');
  const [teamId, setTeamId] = useState<string | null>(null);
  const teams = useMyTeams();
  const status = useLeaderboardChannel();
  useTeamChannel(teamId);

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-white sm:text-3xl">Leaderboard</h1>
        <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-slate-300">
          Every breath counts. Updates live as people finish their cycles.
          <LiveBadge status={status} />
        </p>
        {status === 'unavailable' ? (
          <p
            role="status"
            data-testid="live-fallback"
            className="mt-3 inline-flex items-center gap-2 rounded-lg border border-amber-300/30 bg-amber-400/10 px-3 py-1.5 text-sm text-amber-100"
          >
            <span className="size-1.5 rounded-full bg-amber-300" aria-hidden="true" />
            Live updates unavailable — refreshing every {POLL_MS / 1000} s
          </p>
        ) : null}
      </header>
      <GlobalFigures />
      <Card
        title={teamId ? 'Team board' : scope === 'weekly' ? 'This week' : 'All time'}
        action={
          (teams.data?.length ?? 0) > 0 ? (
            <label className="flex items-center gap-2 text-sm text-slate-300">
              <span>Show</span>
              <select
                value={teamId ?? ''}
                onChange={(e) => setTeamId(e.target.value || null)}
                className="min-h-11 rounded-lg border border-line bg-panel-2 px-2 text-slate-100"
              >
                <option value="">Everyone</option>
                {teams.data?.map((team) => (
                  <option key={team.id} value={team.id}>
                    {team.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null
        }
      >
        <ScopeTabs scope={scope} onChange={setScope} />
        <div role="tabpanel" id="board-panel" aria-labelledby={`tab-${scope}`} className="mt-4">
          <LeaderboardView scope={scope} teamId={teamId} />
        </div>
      </Card>
    </div>
  );
}

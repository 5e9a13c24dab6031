import { useState } from 'react';
import type { Scope } from '../../../shared/leaderboard-rows.ts';
import { useMyTeams } from '../../../shared/my-teams.ts';
import { useTeamChannel } from '../../../shared/team-channel.ts';
import { Card } from '../../../shared/ui/card.tsx';
import { useLeaderboardChannel } from '../api/use-leaderboard-channel.ts';
import { GlobalFigures } from './global-figures.tsx';
import { LeaderboardView } from './leaderboard-view.tsx';
import { ScopeTabs } from './scope-tabs.tsx';

export function LeaderboardPage() {
  const [scope, setScope] = useState<Scope>('all_time');
  const [teamId, setTeamId] = useState<string | null>(null);
  const teams = useMyTeams();
  useLeaderboardChannel();
  useTeamChannel(teamId);

  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-white sm:text-3xl">Leaderboard</h1>
        <p className="mt-1 text-slate-300">
          Every breath counts. Updates live as people finish their cycles.
        </p>
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

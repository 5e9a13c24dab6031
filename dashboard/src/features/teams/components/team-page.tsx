import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTeamChannel } from '../../../shared/team-channel.ts';
import { Button } from '../../../shared/ui/button.tsx';
import { Card } from '../../../shared/ui/card.tsx';
import { LeaderboardTable } from '../../../shared/ui/leaderboard-table.tsx';
import { Empty, ErrorMessage, Loading } from '../../../shared/ui/state-message.tsx';
import { useTeam } from '../api/get-team.ts';
import { useTeamBoard } from '../api/get-team-board.ts';
import { useLeaveTeam } from '../api/leave-team.ts';
import { GoalForm } from './goal-form.tsx';
import { GoalProgress } from './goal-progress.tsx';

function InviteLink({ code }: { code: string }) {
  const [copied, setCopied] = useState(false);
  const link = `${location.origin}/join?code=${code}`;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-300">
        Join code{' '}
        <span
          className="ml-1 rounded-md bg-panel-2 px-2 py-1 font-mono tracking-widest text-white"
          data-testid="join-code"
        >
          {code}
        </span>
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <input
          readOnly
          value={link}
          aria-label="Invite link"
          className="min-h-11 w-full rounded-lg border border-line bg-panel-2 px-3 text-xs text-slate-300 sm:w-auto sm:flex-1 sm:text-sm"
        />
        <Button
          variant="secondary"
          onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy link'}
        </Button>
      </div>
    </div>
  );
}

export function TeamPage() {
  const { id = '' } = useParams();
  const team = useTeam(id);
  const board = useTeamBoard(id, 'all_time');
  const leave = useLeaveTeam();
  const navigate = useNavigate();
  const live = useTeamChannel(team.isSuccess ? id : null);

  if (team.isPending) return <Loading label="Loading the team…" />;
  if (team.isError) {
    return (
      <div className="space-y-4">
        <ErrorMessage error={team.error} retry={() => void team.refetch()} />
        <Link to="/teams" className="text-calm underline underline-offset-4">
          All teams
        </Link>
      </div>
    );
  }
  const t = team.data;
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link to="/teams" className="text-sm text-slate-400 hover:text-white">
            ← Teams
          </Link>
          <h1 className="text-2xl font-semibold tracking-tight text-white sm:text-3xl">{t.name}</h1>
          <p className="text-sm text-slate-400">
            {t.member_count} {t.member_count === 1 ? 'member' : 'members'}
          </p>
        </div>
        <Button
          variant="danger"
          disabled={leave.isPending}
          onClick={() => {
            if (confirm(`Leave ${t.name}?`)) leave.mutate(t.id, { onSuccess: () => navigate('/teams') });
          }}
        >
          Leave team
        </Button>
      </header>
      {leave.isError ? <ErrorMessage error={leave.error} /> : null}
      <Card title="Shared goal">
        {t.goal ? (
          <GoalProgress goal={t.goal} />
        ) : (
          <Empty title="No goal yet">Set one the whole team works toward.</Empty>
        )}
        <div className="mt-5 border-t border-line/60 pt-5">
          <GoalForm teamId={t.id} />
        </div>
      </Card>
      <Card
        title="Team board"
        action={
          <span
            data-testid="live"
            data-live={live}
            className={`rounded-full px-2 py-0.5 text-xs ${live ? 'bg-calm/15 text-calm' : 'bg-white/5 text-slate-400'}`}
          >
            {live ? 'Live' : 'Connecting…'}
          </span>
        }
      >
        {board.isPending ? <Loading label="Loading the board…" /> : null}
        {board.isError ? <ErrorMessage error={board.error} retry={() => void board.refetch()} /> : null}
        {board.data ? (
          <LeaderboardTable rows={board.data} scope="all_time" caption={`${t.name} leaderboard`} />
        ) : null}
      </Card>
      <Card title="Invite">
        <InviteLink code={t.join_code} />
      </Card>
    </div>
  );
}

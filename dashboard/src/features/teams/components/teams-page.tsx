import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useMyTeams } from '../../../shared/my-teams.ts';
import { Button } from '../../../shared/ui/button.tsx';
import { Card } from '../../../shared/ui/card.tsx';
import { Empty, ErrorMessage, Loading } from '../../../shared/ui/state-message.tsx';
import { useCreateTeam } from '../api/create-team.ts';
import { useJoinTeam } from '../api/join-team.ts';

const inputClass =
  'min-h-11 flex-1 rounded-lg border border-line bg-panel-2 px-3 text-slate-100 placeholder:text-slate-500';

function CreateTeamForm() {
  const [name, setName] = useState('');
  const create = useCreateTeam();
  const navigate = useNavigate();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(name, { onSuccess: (team) => navigate(`/teams/${team.id}`) });
  };
  return (
    <form onSubmit={submit} className="space-y-3">
      <label htmlFor="team-name" className="block text-sm text-slate-300">
        Team name
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="team-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={40}
          placeholder="Platform squad"
          className={inputClass}
        />
        <Button type="submit" disabled={name.trim().length === 0 || create.isPending}>
          Create team
        </Button>
      </div>
      {create.isError ? <ErrorMessage error={create.error} /> : null}
    </form>
  );
}

export function JoinTeamForm({ initialCode = '' }: { initialCode?: string }) {
  const [code, setCode] = useState(initialCode);
  const join = useJoinTeam();
  const navigate = useNavigate();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    join.mutate(code, { onSuccess: (team) => navigate(`/teams/${team.id}`) });
  };
  return (
    <form onSubmit={submit} className="space-y-3">
      <label htmlFor="join-code" className="block text-sm text-slate-300">
        Join code
      </label>
      <div className="flex flex-wrap gap-2">
        <input
          id="join-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="K7P2QX9M"
          className={`${inputClass} font-mono uppercase tracking-widest`}
        />
        <Button type="submit" variant="secondary" disabled={code.trim().length < 4 || join.isPending}>
          {join.isPending ? 'Joining…' : 'Join team'}
        </Button>
      </div>
      {join.isError ? <ErrorMessage error={join.error} /> : null}
    </form>
  );
}

export function TeamsPage() {
  const teams = useMyTeams();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight text-white sm:text-3xl">Teams</h1>
        <p className="mt-1 text-slate-300">
          Breathe together: a private board and a shared goal for your crew.
        </p>
      </header>
      <Card title="My teams">
        {teams.isPending ? <Loading label="Loading your teams…" /> : null}
        {teams.isError ? <ErrorMessage error={teams.error} retry={() => void teams.refetch()} /> : null}
        {teams.data?.length === 0 ? (
          <Empty title="You are not in a team yet">
            Create one below, or join with a code a teammate shares.
          </Empty>
        ) : null}
        {teams.data && teams.data.length > 0 ? (
          <ul className="divide-y divide-line/60">
            {teams.data.map((team) => (
              <li key={team.id}>
                <Link
                  to={`/teams/${team.id}`}
                  className="flex min-h-12 items-center justify-between gap-3 rounded-lg px-2 py-2 hover:bg-white/5"
                >
                  <span className="min-w-0 font-medium text-slate-100">{team.name}</span>
                  <span className="shrink-0 whitespace-nowrap text-sm text-slate-400">
                    {team.member_count} {team.member_count === 1 ? 'member' : 'members'}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Create a team">
          <CreateTeamForm />
        </Card>
        <Card title="Join a team">
          <JoinTeamForm />
        </Card>
      </div>
    </div>
  );
}

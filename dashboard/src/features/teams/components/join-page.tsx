import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Card } from '../../../shared/ui/card.tsx';
import { ErrorMessage, Loading } from '../../../shared/ui/state-message.tsx';
import { useJoinTeam } from '../api/join-team.ts';
import { JoinTeamForm } from './teams-page.tsx';

/** `/join?code=XXXX`: the link a team shares; joins at once and opens the team. */
export function JoinPage() {
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const join = useJoinTeam();
  const navigate = useNavigate();
  const tried = useRef(false);

  useEffect(() => {
    if (!code || tried.current) return;
    tried.current = true;
    join.mutate(code, { onSuccess: (team) => navigate(`/teams/${team.id}`, { replace: true }) });
  }, [code, join, navigate]);

  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight text-white">Join a team</h1>
      {join.isPending ? <Loading label="Joining the team…" /> : null}
      {join.isError ? <ErrorMessage error={join.error} /> : null}
      <Card>
        <JoinTeamForm initialCode={code} />
      </Card>
    </div>
  );
}

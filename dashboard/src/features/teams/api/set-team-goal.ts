import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAsPlayer } from '../../../shared/call-as-player.ts';
import { teamKey } from '../../../shared/team-channel.ts';
import type { Team } from './team-types.ts';

export interface GoalInput {
  readonly teamId: string;
  readonly metric: 'minutes' | 'cycles';
  readonly target: number;
  readonly endsOn: string;
}

export function setTeamGoal(input: GoalInput) {
  return callAsPlayer<Team>('set_team_goal', {
    team_id: input.teamId,
    metric: input.metric,
    target: input.target,
    ends_on: input.endsOn,
  });
}

export function useSetTeamGoal() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setTeamGoal,
    onSuccess: (team) => queryClient.setQueryData(teamKey(team.id), team),
  });
}

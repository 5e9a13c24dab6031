import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAsPlayer } from '../../../shared/call-as-player.ts';
import { myTeamsQueryOptions, type TeamSummary } from '../../../shared/my-teams.ts';
import { teamKey } from '../../../shared/team-channel.ts';

export function leaveTeam(teamId: string) {
  return callAsPlayer<null>('leave_team', { team_id: teamId });
}

export function useLeaveTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: leaveTeam,
    onSuccess: (_, teamId) => {
      queryClient.setQueryData<TeamSummary[]>(myTeamsQueryOptions.queryKey, (teams) =>
        teams?.filter((t) => t.id !== teamId),
      );
      queryClient.removeQueries({ queryKey: teamKey(teamId) });
    },
  });
}

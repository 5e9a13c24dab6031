import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAsPlayer } from '../../../shared/call-as-player.ts';
import { myTeamsQueryOptions, type TeamSummary } from '../../../shared/my-teams.ts';

export function createTeam(name: string) {
  return callAsPlayer<Omit<TeamSummary, 'member_count'>>('create_team', { name: name.trim() });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTeam,
    onSuccess: (team) => {
      queryClient.setQueryData<TeamSummary[]>(myTeamsQueryOptions.queryKey, (teams) => [
        ...(teams ?? []),
        { ...team, member_count: 1 },
      ]);
    },
  });
}

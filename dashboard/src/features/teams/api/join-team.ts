import { useMutation, useQueryClient } from '@tanstack/react-query';
import { callAsPlayer } from '../../../shared/call-as-player.ts';
import { myTeamsQueryOptions, type TeamSummary } from '../../../shared/my-teams.ts';

export function joinTeam(code: string) {
  return callAsPlayer<Omit<TeamSummary, 'member_count'>>('join_team', { code: code.trim() });
}

export function useJoinTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: joinTeam,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: myTeamsQueryOptions.queryKey }),
  });
}

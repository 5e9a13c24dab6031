import { useMutation, useQueryClient } from '@tanstack/react-query';
import { syncClient } from '../../../shared/server.ts';
import { writeMyStats } from './update-my-stats.ts';

export async function setLeaderboardVisibility(visible: boolean) {
  return (await syncClient()).setLeaderboardVisibility(visible);
}

export function useSetLeaderboardVisibility() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setLeaderboardVisibility,
    onSuccess: (stats) => writeMyStats(queryClient, stats),
  });
}

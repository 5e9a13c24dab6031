import type { MyProgress } from '@breath-master/sync';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { syncClient } from '../../../shared/server.ts';
import { myProgressKey } from './get-my-progress.ts';
import { writeMyStats } from './update-my-stats.ts';

export async function setLeaderboardVisibility(visible: boolean) {
  return (await syncClient()).setLeaderboardVisibility(visible);
}

export function useSetLeaderboardVisibility() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: setLeaderboardVisibility,
    // The switch moves at once; a refusal puts it back.
    onMutate: (visible) => {
      const before = queryClient.getQueryData<MyProgress | null>(myProgressKey);
      if (before)
        queryClient.setQueryData(myProgressKey, {
          ...before,
          stats: { ...before.stats, show_on_leaderboard: visible },
        });
      return { before };
    },
    onError: (_error, _visible, context) => {
      if (context?.before) queryClient.setQueryData(myProgressKey, context.before);
    },
    onSuccess: (stats) => writeMyStats(queryClient, stats),
  });
}

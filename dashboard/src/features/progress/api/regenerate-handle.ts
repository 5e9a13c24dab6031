import { useMutation, useQueryClient } from '@tanstack/react-query';
import { syncClient } from '../../../shared/server.ts';
import { writeMyStats } from './update-my-stats.ts';

export async function regenerateHandle() {
  return (await syncClient()).regenerateHandle();
}

export function useRegenerateHandle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: regenerateHandle,
    onSuccess: (stats) => writeMyStats(queryClient, stats),
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { clearRecord } from '../../../shared/local-progress.ts';
import { syncClient } from '../../../shared/server.ts';

/** Deletes the player on the server, then this browser's own record and session. */
export async function deleteMyData(): Promise<void> {
  await (await syncClient()).deleteMyData();
  clearRecord();
}

export function useDeleteMyData() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteMyData,
    // Everything cached was about the deleted player: start over (active queries refetch as nobody).
    onSuccess: () => queryClient.resetQueries(),
  });
}

import { normalisePairingCode } from '@breath-master/sync/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { myStatsKey } from '../../../shared/my-stats.ts';
import { syncClient } from '../../../shared/server.ts';
import { setSyncConsent } from '../../../shared/sync-consent.ts';

/** Joins this browser to the player whose editor showed the code. */
export async function redeemPairingCode(raw: string) {
  return (await syncClient()).redeemPairingCode(normalisePairingCode(raw));
}

export function useRedeemPairingCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: redeemPairingCode,
    onSuccess: (stats) => {
      // Pairing with a device that syncs is this browser's consent to sync too.
      setSyncConsent(true, 'pairing');
      queryClient.setQueryData(myStatsKey, stats);
      // Another player's progress, teams and rank are now this browser's: read them afresh.
      void queryClient.invalidateQueries({ queryKey: ['my-progress'] });
      void queryClient.invalidateQueries({ queryKey: ['my-teams'] });
      void queryClient.invalidateQueries({ queryKey: ['my-rank'] });
      void queryClient.invalidateQueries({ queryKey: ['leaderboard'] });
    },
  });
}

import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { adminCall, fetchRealtimeStats } from './admin-client.ts';
import type { AdminDay, AdminOverview, AdminPlayer, DeletedPlayer } from './admin-types.ts';

// The key is captured by each query function and never part of a query key: keys are visible to anything
// that inspects the cache, and one tab has one operator session at a time. Leaving /admin or changing the
// key removes every ['admin'] entry (admin-page.tsx).

export const ADMIN_KEY = ['admin'] as const;

export function overviewQueryOptions(key: string) {
  return queryOptions({
    queryKey: [...ADMIN_KEY, 'overview'],
    queryFn: () => adminCall<AdminOverview>(key, 'admin_overview'),
    staleTime: 30_000,
  });
}

export function dailyActivityQueryOptions(key: string, days: number) {
  return queryOptions({
    queryKey: [...ADMIN_KEY, 'daily', days],
    queryFn: () => adminCall<AdminDay[]>(key, 'admin_daily_activity', { days }),
    staleTime: 30_000,
  });
}

export function realtimeStatsQueryOptions(key: string) {
  return queryOptions({
    queryKey: [...ADMIN_KEY, 'realtime'],
    queryFn: () => fetchRealtimeStats(key),
    refetchInterval: 10_000,
  });
}

export function findPlayerQueryOptions(key: string, handle: string) {
  return queryOptions({
    queryKey: [...ADMIN_KEY, 'find', handle],
    queryFn: () => adminCall<AdminPlayer[]>(key, 'admin_find_player', { handle }),
    enabled: handle.trim() !== '',
  });
}

/** Hides a player from public boards (or lifts it); the figures and searches are refetched. */
export function useHidePlayer(key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ playerId, hidden }: { playerId: string; hidden: boolean }) =>
      adminCall<AdminPlayer>(key, 'admin_hide_player', { player_id: playerId, hidden }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ADMIN_KEY }),
  });
}

/** Deletes a player as delete_my_data would; the figures and searches are refetched. */
export function useDeletePlayer(key: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (playerId: string) =>
      adminCall<DeletedPlayer>(key, 'admin_delete_player', { player_id: playerId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ADMIN_KEY }),
  });
}

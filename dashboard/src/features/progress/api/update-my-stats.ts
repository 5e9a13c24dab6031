import type { MyProgress, MyStats } from '@breath-master/sync';
import type { QueryClient } from '@tanstack/react-query';
import { myStatsKey } from '../../../shared/my-stats.ts';
import { myProgressKey } from './get-my-progress.ts';

/** A privacy call answers with fresh `my_stats`: write it into both caches that show it. */
export function writeMyStats(queryClient: QueryClient, stats: MyStats): void {
  queryClient.setQueryData(myStatsKey, stats);
  queryClient.setQueryData<MyProgress | null>(myProgressKey, (progress) =>
    progress ? { ...progress, stats } : progress,
  );
}

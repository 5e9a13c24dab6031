import type { MyProgress } from '@breath-master/sync';
import { isSyncError } from '@breath-master/sync/errors';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { myProgressKey } from '../../../shared/my-stats.ts';
import { hasDevice, syncClient } from '../../../shared/server.ts';

export { myProgressKey };

/** The player's progress, or null while this browser is not a device with progress on the server. */
export async function getMyProgress(): Promise<MyProgress | null> {
  if (!hasDevice()) return null;
  try {
    return await (await syncClient()).pull(365);
  } catch (e) {
    if (isSyncError(e) && e.code === 'not_registered') return null;
    throw e;
  }
}

export const myProgressQueryOptions = queryOptions({ queryKey: myProgressKey, queryFn: getMyProgress });

export function useMyProgress() {
  return useQuery(myProgressQueryOptions);
}

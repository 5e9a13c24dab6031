import { classifySyncError } from '@breath-master/sync/errors';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { noteClientOutdated } from './client-outdated.ts';
import { useConnection } from './connection-store.ts';

function observe(error: unknown): void {
  // Only "no answer / server error" means unreachable; a refused request proves it answered.
  useConnection.getState().markReachable(classifySyncError(error) !== 'retry');
  noteClientOutdated(error);
}

const reachable = () => useConnection.getState().markReachable(true);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: observe, onSuccess: reachable }),
    mutationCache: new MutationCache({ onError: observe, onSuccess: reachable }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, error) => count < 2 && classifySyncError(error) === 'retry',
      },
      mutations: { retry: false },
    },
  });
}

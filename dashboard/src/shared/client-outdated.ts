import { isClientOutdated } from '@breath-master/sync/errors';
import { create } from 'zustand';

// Whether the server refused this build as too old (`client_outdated`, HTTP 426): drives the "reload to
// update" banner. Only an update helps (a cached service worker can keep serving an old build), so once set it
// stays set for the life of the page.

interface ClientOutdatedState {
  readonly outdated: boolean;
}

export const useClientOutdated = create<ClientOutdatedState>(() => ({ outdated: false }));

/** Notes any failure of a server call; only client_outdated changes anything. */
export function noteClientOutdated(error: unknown): void {
  if (isClientOutdated(error) && !useClientOutdated.getState().outdated)
    useClientOutdated.setState({ outdated: true });
}

import { useSyncExternalStore } from 'react';

// Whether this browser may send its progress. Off until the visitor chooses to sync (after reading
// what is sent) or pairs the browser with a device that already syncs: the extension's rule, where
// nothing leaves the editor before its consent modal was accepted. The choice stays in localStorage.

export const CONSENT_KEY = 'bm.sync-consent';

export interface SyncConsent {
  readonly sync: boolean;
  /** How it was given: the visitor's own choice on the page, or redeeming a pairing code. */
  readonly via: 'choice' | 'pairing';
  /** When it was given or withdrawn (ISO time). */
  readonly at: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();
let cached: { raw: string | null; consent: SyncConsent | null } | undefined;

function parse(raw: string | null): SyncConsent | null {
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw) as Partial<SyncConsent> | null;
    if (typeof value?.sync !== 'boolean') return null;
    return {
      sync: value.sync,
      via: value.via === 'pairing' ? 'pairing' : 'choice',
      at: typeof value.at === 'string' ? value.at : '',
    };
  } catch {
    // Unreadable means not given: sending nothing is the safe reading of a damaged choice.
    return null;
  }
}

/** The stored choice, or null when the visitor never chose (sync is then off). */
export function syncConsent(): SyncConsent | null {
  const raw = localStorage.getItem(CONSENT_KEY);
  if (cached?.raw !== raw) cached = { raw, consent: parse(raw) };
  return cached.consent;
}

/** True only after the visitor chose to sync or paired this browser. */
export function syncAllowed(): boolean {
  return syncConsent()?.sync === true;
}

export function setSyncConsent(sync: boolean, via: SyncConsent['via'] = 'choice'): void {
  const consent: SyncConsent = { sync, via, at: new Date().toISOString() };
  localStorage.setItem(CONSENT_KEY, JSON.stringify(consent));
  for (const listener of listeners) listener();
}

export function subscribeSyncConsent(listener: Listener): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === CONSENT_KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

export function useSyncConsent(): SyncConsent | null {
  return useSyncExternalStore(subscribeSyncConsent, syncConsent, syncConsent);
}

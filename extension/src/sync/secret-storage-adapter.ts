import type { SyncStorage } from '@breath-master/sync';
import type { SecretStore } from '../storage/host-storage.ts';

/** Keeps the anonymous sync session (its refresh token is a credential) in the OS keychain via SecretStorage. */
export function secretStorageAdapter(secrets: SecretStore, prefix = 'breathMaster.sync.'): SyncStorage {
  return {
    getItem: async (key) => (await secrets.get(prefix + key)) ?? null,
    setItem: async (key, value) => {
      await secrets.store(prefix + key, value);
    },
    removeItem: async (key) => {
      await secrets.delete(prefix + key);
    },
  };
}

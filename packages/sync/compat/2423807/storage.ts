/**
 * Where the anonymous session lives, in the shape supabase-js accepts as `auth.storage`.
 * The extension backs it with SecretStorage, the dashboard with localStorage.
 */
export interface SyncStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
  removeItem(key: string): Promise<void>;
}

/** An in-memory adapter: for tests, and for hosts that must not persist anything. */
export function memoryStorage(
  initial: Record<string, string> = {},
): SyncStorage & { snapshot(): Record<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    getItem: async (key) => items.get(key) ?? null,
    setItem: async (key, value) => {
      items.set(key, value);
    },
    removeItem: async (key) => {
      items.delete(key);
    },
    snapshot: () => Object.fromEntries(items),
  };
}

/** Wraps a synchronous Web Storage (the dashboard's localStorage) in the async adapter shape. */
export function webStorageAdapter(store: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}): SyncStorage {
  return {
    getItem: async (key) => store.getItem(key),
    setItem: async (key, value) => store.setItem(key, value),
    removeItem: async (key) => store.removeItem(key),
  };
}

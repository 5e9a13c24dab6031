// A value started on first use and shared by every caller; a start that fails is forgotten, so the
// next caller tries again (a chunk that could not be fetched while offline, a channel that never
// joined) instead of every caller getting the same old failure.

export interface LazyRetrying<T> {
  /** The shared value, started now if nothing is started or the last start failed. */
  get(): Promise<T>;
  /** The value if it was started (and has not failed), without starting it. */
  peek(): Promise<T> | undefined;
}

export function lazyRetrying<T>(start: () => Promise<T>): LazyRetrying<T> {
  let value: Promise<T> | undefined;
  return {
    get() {
      value ??= start().catch((error: unknown) => {
        value = undefined;
        throw error;
      });
      return value;
    },
    peek: () => value,
  };
}

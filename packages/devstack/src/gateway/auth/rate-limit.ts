// A sliding-window limit per key (the client's IP for anonymous sign-ups, 30 per hour on hosted
// Supabase). Keys whose window is empty are dropped so the map cannot grow without bound.

export interface RateLimit {
  /** Records one attempt for `key`; false when the key is over its limit (the attempt is not counted). */
  take(key: string, nowMs?: number): boolean;
}

export function createRateLimit(max: number, windowMs: number): RateLimit {
  const hits = new Map<string, number[]>();
  let lastSweep = 0;
  return {
    take(key, nowMs = Date.now()) {
      const since = nowMs - windowMs;
      if (nowMs - lastSweep > windowMs) {
        lastSweep = nowMs;
        for (const [k, times] of hits) if ((times.at(-1) ?? 0) <= since) hits.delete(k);
      }
      const times = (hits.get(key) ?? []).filter((t) => t > since);
      if (times.length >= max) {
        hits.set(key, times);
        return false;
      }
      times.push(nowMs);
      hits.set(key, times);
      return true;
    },
  };
}

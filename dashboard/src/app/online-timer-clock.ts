import type { SchedulerOptions } from '@breath-master/sync/scheduler';

type TimerClock = NonNullable<SchedulerOptions['clock']>;

interface Handle {
  readonly callback: () => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The sync scheduler's timers, held while the browser says it is offline. A push tried offline cannot
 * reach anything, and each failed try doubles the next backoff window: a few seconds offline used to
 * leave the retry window at 16 s or more, so when the single `online` event's push did not go through
 * (a push still in flight, or the network a moment behind the event), the next try came a quarter of a
 * minute later. Held instead, a timer that falls due offline fires the moment the browser is back
 * online, and the backoff only grows with failures that happened while a request could go out.
 */
export function onlineTimerClock(
  isOnline: () => boolean,
  target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window,
): TimerClock & { dispose(): void } {
  const held = new Set<Handle>();
  const release = () => {
    const due = [...held];
    held.clear();
    for (const handle of due) handle.callback();
  };
  target.addEventListener('online', release);
  return {
    now: () => Date.now(),
    setTimeout(callback, ms) {
      const handle: Handle = { callback, timer: undefined };
      handle.timer = setTimeout(() => {
        handle.timer = undefined;
        if (isOnline()) callback();
        else held.add(handle);
      }, ms);
      return handle;
    },
    clearTimeout(handle) {
      const h = handle as Handle;
      if (h.timer !== undefined) clearTimeout(h.timer);
      h.timer = undefined;
      held.delete(h);
    },
    dispose() {
      target.removeEventListener('online', release);
      held.clear();
    },
  };
}

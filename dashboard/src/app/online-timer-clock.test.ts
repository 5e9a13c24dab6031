import { SyncScheduler } from '@breath-master/sync/scheduler';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onlineTimerClock } from './online-timer-clock.ts';

let online = true;
const clocks: { dispose(): void }[] = [];

function clock() {
  const c = onlineTimerClock(() => online, window);
  clocks.push(c);
  return c;
}

function goOnline() {
  online = true;
  window.dispatchEvent(new Event('online'));
}

beforeEach(() => {
  vi.useFakeTimers();
  online = true;
});

afterEach(() => {
  for (const c of clocks.splice(0)) c.dispose();
  vi.useRealTimers();
});

describe('onlineTimerClock', () => {
  it('fires like setTimeout while the browser is online', () => {
    const fired = vi.fn();
    clock().setTimeout(fired, 1_000);
    vi.advanceTimersByTime(999);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('holds a timer that falls due offline until the browser is back online', () => {
    const fired = vi.fn();
    online = false;
    clock().setTimeout(fired, 1_000);
    vi.advanceTimersByTime(60_000);
    expect(fired).not.toHaveBeenCalled();
    goOnline();
    expect(fired).toHaveBeenCalledTimes(1);
    goOnline();
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('forgets a cleared timer, running or held', () => {
    const c = clock();
    const running = vi.fn();
    const held = vi.fn();
    c.clearTimeout(c.setTimeout(running, 1_000));
    online = false;
    const handle = c.setTimeout(held, 10);
    vi.advanceTimersByTime(2_000);
    c.clearTimeout(handle);
    goOnline();
    expect(running).not.toHaveBeenCalled();
    expect(held).not.toHaveBeenCalled();
  });

  it('keeps the scheduler from growing its backoff while offline, and pushes once back online', async () => {
    let pushes = 0;
    const scheduler = new SyncScheduler({
      clock: clock(),
      dirtyDelayMs: 3_000,
      // Every try fails as an offline fetch does, and the jitter always draws the longest wait.
      random: () => 0.999,
      push: async () => {
        pushes += 1;
        if (!online) throw new TypeError('Failed to fetch');
      },
    });
    online = false;
    scheduler.markDirty();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    // Nothing was tried offline, so nothing counted against the backoff.
    expect(pushes).toBe(0);
    expect(scheduler.status()).toMatchObject({ attempt: 0, dirty: true });
    goOnline();
    await scheduler.settled();
    expect(pushes).toBe(1);
    expect(scheduler.status()).toMatchObject({ attempt: 0, dirty: false, state: 'idle' });
    scheduler.stop();
  });
});

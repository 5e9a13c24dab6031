import { describe, expect, it } from 'vitest';
import { SyncError } from './errors.ts';
import { FakeClock } from './fake-clock.ts';
import { SyncScheduler } from './scheduler.ts';

const backoff = { baseMs: 1_000, capMs: 8_000 };

/** A push whose outcome the test decides, one answer per call. */
function scriptedPush(outcomes: ('ok' | 'offline' | 'invalid')[]) {
  const calls: number[] = [];
  const push = async () => {
    calls.push(calls.length);
    const outcome = outcomes.shift() ?? 'ok';
    if (outcome === 'offline') throw new TypeError('fetch failed');
    if (outcome === 'invalid') throw new SyncError('day_out_of_window', 'final', 400);
  };
  return { push, calls };
}

/** Lets the microtasks of a settled push run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('SyncScheduler', () => {
  it('pushes a change after the dirty delay and is clean afterwards', async () => {
    const clock = new FakeClock();
    const { push, calls } = scriptedPush([]);
    const s = new SyncScheduler({ push, clock, dirtyDelayMs: 30_000, backoff });
    s.markDirty();
    s.markDirty();
    expect(s.status()).toMatchObject({ state: 'scheduled', dirty: true, nextPushAt: 30_000 });
    clock.advance(29_999);
    expect(calls).toHaveLength(0);
    clock.advance(1);
    await s.settled();
    expect(calls).toHaveLength(1);
    expect(s.status()).toMatchObject({ state: 'idle', dirty: false, lastSuccessAt: 30_000 });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('retries network failures with growing jittered delays and reports nothing', async () => {
    const clock = new FakeClock();
    const finals: SyncError[] = [];
    const { push, calls } = scriptedPush(['offline', 'offline', 'offline', 'ok']);
    const s = new SyncScheduler({
      push,
      clock,
      random: () => 0.5,
      backoff,
      onFinalError: (e) => finals.push(e),
    });
    s.markDirty();
    await s.pushNow();
    expect(s.status()).toMatchObject({ state: 'waiting_retry', attempt: 1, nextPushAt: 500 });
    clock.advance(500);
    await s.settled();
    expect(s.status()).toMatchObject({ attempt: 2, nextPushAt: 1_500 });
    clock.advance(1_000);
    await s.settled();
    expect(s.status()).toMatchObject({ attempt: 3, nextPushAt: 3_500 });
    clock.advance(2_000);
    await s.settled();
    expect(calls).toHaveLength(4);
    expect(s.status()).toMatchObject({ state: 'idle', dirty: false, attempt: 0 });
    expect(finals).toEqual([]);
  });

  it('caps the backoff window', async () => {
    const clock = new FakeClock();
    const { push } = scriptedPush(Array.from({ length: 10 }, () => 'offline' as const));
    const s = new SyncScheduler({ push, clock, random: () => 0.999, backoff });
    s.markDirty();
    await s.pushNow();
    for (let i = 0; i < 8; i++) {
      const due = clock.nextDueAt() ?? 0;
      expect(due - clock.now()).toBeLessThan(8_000);
      clock.advance(due - clock.now());
      await s.settled();
    }
    expect(s.status().attempt).toBe(9);
  });

  it('retries at once when the network returns', async () => {
    const clock = new FakeClock();
    const { push, calls } = scriptedPush(['offline', 'ok']);
    const s = new SyncScheduler({ push, clock, random: () => 0.99, backoff });
    s.markDirty();
    await s.pushNow();
    expect(s.status().state).toBe('waiting_retry');
    s.networkOnline();
    await s.settled();
    expect(calls).toHaveLength(2);
    expect(s.status()).toMatchObject({ state: 'idle', dirty: false });
    expect(clock.pendingTimers()).toBe(0);
  });

  it('does nothing on network return when everything is sent', async () => {
    const clock = new FakeClock();
    const { push, calls } = scriptedPush([]);
    const s = new SyncScheduler({ push, clock, backoff });
    s.networkOnline();
    await s.settled();
    expect(calls).toHaveLength(0);
  });

  it('reports a final error once, stops retrying, and tries again on the next change', async () => {
    const clock = new FakeClock();
    const finals: string[] = [];
    const { push, calls } = scriptedPush(['invalid', 'ok']);
    const s = new SyncScheduler({
      push,
      clock,
      backoff,
      dirtyDelayMs: 10,
      onFinalError: (e) => finals.push(e.code),
    });
    s.markDirty();
    await s.pushNow();
    expect(finals).toEqual(['day_out_of_window']);
    expect(s.status()).toMatchObject({ state: 'failed', dirty: true });
    expect(clock.pendingTimers()).toBe(0);
    s.networkOnline();
    expect(calls).toHaveLength(1);
    s.markDirty();
    clock.advance(10);
    await s.settled();
    expect(calls).toHaveLength(2);
    expect(s.status()).toMatchObject({ state: 'idle', dirty: false, lastError: null });
  });

  it('keeps a change made during a push dirty and sends it next', async () => {
    const clock = new FakeClock();
    let release: () => void = () => undefined;
    let calls = 0;
    const push = () => {
      calls++;
      return calls === 1 ? new Promise<void>((r) => (release = r)) : Promise.resolve();
    };
    const s = new SyncScheduler({ push, clock, backoff, dirtyDelayMs: 100 });
    s.markDirty();
    const first = s.pushNow();
    s.markDirty();
    release();
    await first;
    await flush();
    expect(s.status()).toMatchObject({ dirty: true, state: 'scheduled' });
    clock.advance(100);
    await s.settled();
    expect(calls).toBe(2);
    expect(s.status().dirty).toBe(false);
  });

  it('runs one push at a time and repeats once when asked during a push', async () => {
    const clock = new FakeClock();
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const push = async () => {
      calls++;
      active++;
      maxActive = Math.max(maxActive, active);
      await flush();
      active--;
    };
    const s = new SyncScheduler({ push, clock, backoff });
    s.markDirty();
    const a = s.pushNow();
    s.markDirty();
    const b = s.pushNow();
    const c = s.pushNow();
    await Promise.all([a, b, c]);
    clock.advance(0);
    await s.settled();
    expect(maxActive).toBe(1);
    expect(calls).toBe(2);
    expect(s.status().dirty).toBe(false);
  });

  it('starts dirty when the host says changes were never sent', async () => {
    const clock = new FakeClock();
    const { push, calls } = scriptedPush([]);
    const s = new SyncScheduler({ push, clock, backoff, initiallyDirty: true, dirtyDelayMs: 5_000 });
    expect(s.status()).toMatchObject({ dirty: true, state: 'scheduled' });
    clock.advance(5_000);
    await s.settled();
    expect(calls).toHaveLength(1);
  });

  it('does nothing after stop', async () => {
    const clock = new FakeClock();
    const { push, calls } = scriptedPush(['offline']);
    const s = new SyncScheduler({ push, clock, backoff });
    s.markDirty();
    await s.pushNow();
    s.stop();
    clock.advance(60_000);
    s.markDirty();
    s.networkOnline();
    await s.pushNow();
    expect(calls).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
    expect(s.status().state).toBe('stopped');
  });
});

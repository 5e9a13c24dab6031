import { describe, expect, it } from 'vitest';
import { BreathingAnnouncer, breathingHeartbeatMs } from './breathing-announcer.ts';

function fakeTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; run: () => void }>();
  return {
    setTimeout: (run: () => void, ms: number) => {
      const id = next++;
      pending.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (id: unknown) => void pending.delete(id as number),
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].run();
      }
      now = until;
    },
    pendingCount: () => pending.size,
  };
}

describe('BreathingAnnouncer', () => {
  it('announces at the start, once a minute while running, and stops at once at the end', () => {
    const calls: boolean[] = [];
    const timers = fakeTimers();
    const announcer = new BreathingAnnouncer(async (active) => void calls.push(active), timers);
    announcer.started();
    expect(calls).toEqual([true]);
    timers.advance(breathingHeartbeatMs * 3 - 1);
    expect(calls).toEqual([true, true, true]);
    announcer.ended();
    expect(calls).toEqual([true, true, true, false]);
    timers.advance(breathingHeartbeatMs * 5);
    expect(calls).toHaveLength(4);
    expect(timers.pendingCount()).toBe(0);
  });

  it('ends only what it started, and a restart keeps one heartbeat', () => {
    const calls: boolean[] = [];
    const timers = fakeTimers();
    const announcer = new BreathingAnnouncer(async (active) => void calls.push(active), timers);
    announcer.ended();
    expect(calls).toEqual([]);
    announcer.started();
    announcer.started();
    expect(timers.pendingCount()).toBe(1);
    announcer.dispose();
    announcer.ended();
    expect(calls).toEqual([true, true]);
    expect(timers.pendingCount()).toBe(0);
  });

  it('does nothing, not even a timer, while sync is off', () => {
    const calls: boolean[] = [];
    const timers = fakeTimers();
    const announcer = new BreathingAnnouncer(
      async (active) => void calls.push(active),
      timers,
      () => false,
    );
    announcer.started();
    announcer.ended();
    expect(calls).toEqual([]);
    expect(timers.pendingCount()).toBe(0);
  });
});

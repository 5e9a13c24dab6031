import type { TimerClock } from './clock.ts';

/** A clock whose time moves only when a test says so; timers fire in due order. */
export class FakeClock implements TimerClock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.#now + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }

  pendingTimers(): number {
    return this.#timers.size;
  }

  /** When the earliest timer is due, or null. */
  nextDueAt(): number | null {
    let earliest: number | null = null;
    for (const t of this.#timers.values()) if (earliest === null || t.at < earliest) earliest = t.at;
    return earliest;
  }

  /** Moves time forward, firing every timer that falls due on the way (in order). */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      let dueId: number | null = null;
      let dueAt = Number.POSITIVE_INFINITY;
      for (const [id, t] of this.#timers) {
        if (t.at <= target && t.at < dueAt) {
          dueId = id;
          dueAt = t.at;
        }
      }
      if (dueId === null) break;
      const timer = this.#timers.get(dueId);
      this.#timers.delete(dueId);
      this.#now = dueAt;
      timer?.callback();
    }
    this.#now = target;
  }
}

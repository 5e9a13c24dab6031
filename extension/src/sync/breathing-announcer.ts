import type { Timers } from '../guide/guide.ts';

/** How often a running session repeats `set_breathing(true)`; the server forgets a device after 90 s. */
export const breathingHeartbeatMs = 60_000;

/**
 * Counts this editor in the boards' "breathing now" while a session runs: one announcement when it
 * starts, one a minute while it lasts (so a crashed or closed window drops out when its row expires),
 * and an immediate stop when it ends. Nothing runs, not even a timer, while `enabled()` is false
 * (sync off), so people who never sync pay nothing for it.
 */
export class BreathingAnnouncer {
  #timer: unknown = null;
  #active = false;

  constructor(
    private readonly announce: (active: boolean) => Promise<void>,
    private readonly timers: Pick<Timers, 'setTimeout' | 'clearTimeout'>,
    private readonly enabled: () => boolean = () => true,
  ) {}

  started(): void {
    this.#cancel();
    if (!this.enabled()) return;
    this.#active = true;
    this.#beat();
  }

  ended(): void {
    if (!this.#active) return;
    this.#active = false;
    this.#cancel();
    void this.announce(false);
  }

  dispose(): void {
    this.#cancel();
    this.#active = false;
  }

  #beat(): void {
    void this.announce(true);
    this.#timer = this.timers.setTimeout(() => this.#beat(), breathingHeartbeatMs);
  }

  #cancel(): void {
    if (this.#timer !== null) this.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

import { type BackoffOptions, backoffDelay, defaultBackoff } from './backoff.ts';
import { systemClock, type TimerClock } from './clock.ts';
import { type SyncError, toSyncError } from './errors.ts';

export type SchedulerState = 'idle' | 'scheduled' | 'pushing' | 'waiting_retry' | 'failed' | 'stopped';

export interface SchedulerStatus {
  readonly state: SchedulerState;
  /** There are local changes the server has not confirmed yet. */
  readonly dirty: boolean;
  /** Consecutive transient failures; 0 after a success. */
  readonly attempt: number;
  readonly nextPushAt: number | null;
  /** The last final error (shown to the person); transient errors are not kept here. */
  readonly lastError: SyncError | null;
  readonly lastSuccessAt: number | null;
}

export interface SchedulerOptions {
  /** Sends the device's current counters. Reads the latest state itself each time it runs. */
  readonly push: () => Promise<void>;
  readonly clock?: TimerClock;
  readonly random?: () => number;
  readonly backoff?: BackoffOptions;
  /** How long a change may wait for a push when no session end triggers one. */
  readonly dirtyDelayMs?: number;
  /** True when the host starts with changes it never managed to send (e.g. after a crash). */
  readonly initiallyDirty?: boolean;
  readonly onStatus?: (status: SchedulerStatus) => void;
  /** Called once per final failure; transient failures (offline) are never reported. */
  readonly onFinalError?: (error: SyncError) => void;
}

/**
 * Decides when to push. There is no outbox: a push always sends the whole recent state, so the
 * scheduler only tracks whether anything changed since the last confirmed push. Changes are
 * counted in generations so a change made while a push is in flight is not marked as sent.
 */
export class SyncScheduler {
  readonly #push: () => Promise<void>;
  readonly #clock: TimerClock;
  readonly #random: () => number;
  readonly #backoff: BackoffOptions;
  readonly #dirtyDelayMs: number;
  readonly #onStatus: ((status: SchedulerStatus) => void) | undefined;
  readonly #onFinalError: ((error: SyncError) => void) | undefined;

  #generation = 0;
  #confirmed = 0;
  #attempt = 0;
  #timer: unknown = null;
  #nextPushAt: number | null = null;
  #inFlight: Promise<void> | null = null;
  #rerun = false;
  #state: SchedulerState = 'idle';
  #lastError: SyncError | null = null;
  #lastSuccessAt: number | null = null;

  constructor(options: SchedulerOptions) {
    this.#push = options.push;
    this.#clock = options.clock ?? systemClock;
    this.#random = options.random ?? Math.random;
    this.#backoff = options.backoff ?? defaultBackoff;
    this.#dirtyDelayMs = options.dirtyDelayMs ?? 30_000;
    this.#onStatus = options.onStatus;
    this.#onFinalError = options.onFinalError;
    if (options.initiallyDirty) {
      this.#generation = 1;
      this.#schedule(this.#dirtyDelayMs, 'scheduled');
    }
  }

  status(): SchedulerStatus {
    return {
      state: this.#state,
      dirty: this.#generation > this.#confirmed,
      attempt: this.#attempt,
      nextPushAt: this.#nextPushAt,
      lastError: this.#lastError,
      lastSuccessAt: this.#lastSuccessAt,
    };
  }

  /** Something local changed; push within `dirtyDelayMs` unless a push is already planned. */
  markDirty(): void {
    if (this.#state === 'stopped') return;
    this.#generation += 1;
    // While a push is in flight, its completion notices the newer generation and plans the next one.
    if (!this.#inFlight && this.#timer === null) {
      this.#schedule(this.#dirtyDelayMs, 'scheduled');
    }
    this.#emit();
  }

  /** Push now (e.g. a session just ended). Resolves when that push has been tried. */
  pushNow(): Promise<void> {
    if (this.#state === 'stopped') return Promise.resolve();
    if (this.#inFlight) {
      this.#rerun = true;
      return this.#inFlight;
    }
    this.#cancelTimer();
    return this.#run();
  }

  /** The host saw the network come back: retry at once instead of waiting out the backoff. */
  networkOnline(): void {
    if (this.#state === 'stopped' || this.#inFlight) return;
    if (this.#generation > this.#confirmed && this.#state !== 'failed') void this.pushNow();
  }

  /** Waits for the push in flight, if any (tests and orderly shutdown). */
  async settled(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
  }

  stop(): void {
    this.#cancelTimer();
    this.#state = 'stopped';
    this.#emit();
  }

  #run(): Promise<void> {
    const generation = this.#generation;
    this.#state = 'pushing';
    this.#rerun = false;
    this.#emit();
    const attempt = (async () => {
      try {
        await this.#push();
        this.#succeeded(generation);
      } catch (e) {
        this.#failed(toSyncError(e));
      } finally {
        this.#inFlight = null;
      }
      if (this.#rerun && this.#state !== 'stopped' && this.#state !== 'waiting_retry') {
        this.#rerun = false;
        this.#schedule(0, 'scheduled');
      }
      this.#emit();
    })();
    this.#inFlight = attempt;
    return attempt;
  }

  #succeeded(generation: number): void {
    this.#confirmed = Math.max(this.#confirmed, generation);
    this.#attempt = 0;
    this.#lastError = null;
    this.#lastSuccessAt = this.#clock.now();
    if (this.#state === 'stopped') return;
    this.#state = 'idle';
    if (this.#generation > this.#confirmed && !this.#rerun) this.#schedule(this.#dirtyDelayMs, 'scheduled');
  }

  #failed(error: SyncError): void {
    if (this.#state === 'stopped') return;
    if (error.kind === 'retry') {
      const delay = backoffDelay(this.#attempt, this.#random, this.#backoff);
      this.#attempt += 1;
      this.#schedule(delay, 'waiting_retry');
      return;
    }
    // A final error will fail the same way again; wait for the next change or an explicit push.
    this.#attempt = 0;
    this.#lastError = error;
    this.#state = 'failed';
    this.#onFinalError?.(error);
  }

  #schedule(delayMs: number, state: 'scheduled' | 'waiting_retry'): void {
    this.#cancelTimer();
    this.#state = state;
    this.#nextPushAt = this.#clock.now() + delayMs;
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#nextPushAt = null;
      void this.#run();
    }, delayMs);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
    this.#nextPushAt = null;
  }

  #emit(): void {
    this.#onStatus?.(this.status());
  }
}

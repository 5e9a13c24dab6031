import type { GuideFrame, StatusView } from './status-view.ts';
import { idleView, nextChangeInMs, statusView } from './status-view.ts';

export type IdleView = () => StatusView;

/** The part of a status bar item the guide writes to. */
export interface StatusSurface {
  text: string;
  tooltip: unknown;
  accessibilityInformation: { label: string } | undefined;
}

export interface Timers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** A running breathing session as the guide sees it (backed by core's session engine). */
export interface SessionDriver<Outcome> {
  /** Advances the session to `now` and describes it. */
  frame(now: number): GuideFrame;
  /** Ends the session at `now`; what it earned. */
  finish(now: number): Outcome;
  /** True when the session ended on its own (a chosen length ran out, a long pause). */
  isOver(now: number): boolean;
}

/**
 * Paces the status bar item. Between changes it sleeps on one timer set for exactly when the
 * text will next differ, so an hour of breathing costs a few thousand cheap callbacks and the
 * item is written only when what it shows changes.
 */
export class BreathingGuide<Outcome> {
  #session: SessionDriver<Outcome> | null = null;
  #timer: unknown = null;
  #shown: StatusView | null = null;
  /** Item writes, counted for the benchmark and the tests. */
  writes = 0;

  constructor(
    private readonly surface: StatusSurface,
    private readonly timers: Timers,
    private readonly reducedMotion: () => boolean,
    private readonly onFinished: (outcome: Outcome) => void,
    private readonly idle: IdleView = () => idleView,
  ) {
    this.#show(this.idle());
  }

  get running(): boolean {
    return this.#session !== null;
  }

  start(session: SessionDriver<Outcome>): void {
    if (this.#session) this.stop();
    this.#session = session;
    this.#render();
  }

  /** Stops the running session; its outcome goes to `onFinished`. No-op when idle. */
  stop(): Outcome | null {
    const session = this.#session;
    if (!session) return null;
    this.#session = null;
    this.#cancel();
    const outcome = session.finish(this.timers.now());
    this.onFinished(outcome);
    this.#show(this.idle());
    return outcome;
  }

  /** Redraws at once (e.g. the reduced-motion setting changed). */
  refresh(): void {
    if (this.#session) this.#render();
    else this.#show(this.idle());
  }

  dispose(): void {
    this.#cancel();
    this.#session = null;
  }

  #render(): void {
    const session = this.#session;
    if (!session) return;
    const now = this.timers.now();
    if (session.isOver(now)) {
      this.stop();
      return;
    }
    const frame = session.frame(now);
    const reduced = this.reducedMotion();
    this.#show(statusView(frame, reduced));
    this.#cancel();
    if (frame.paused) return;
    this.#timer = this.timers.setTimeout(
      () => {
        this.#timer = null;
        this.#render();
      },
      nextChangeInMs(frame, reduced),
    );
  }

  #show(view: StatusView): void {
    if (this.#shown?.text === view.text && this.#shown.tooltip === view.tooltip) return;
    this.#shown = view;
    this.surface.text = view.text;
    this.surface.tooltip = view.tooltip;
    this.surface.accessibilityInformation = { label: view.accessibleLabel };
    this.writes++;
  }

  #cancel(): void {
    if (this.#timer !== null) this.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }
}

import type { GuideFrame } from '../guide/status-view.ts';
import type { PatternInfo } from './patterns.ts';

/** What a finished session earned, before the progress record adds its bonuses. */
export interface SessionOutcome {
  readonly patternId: string;
  /** The local day the session started on: everything it earns belongs there. */
  readonly day: string;
  readonly cycles: number;
  readonly seconds: number;
  readonly cycleSeconds: number;
}

/** A running session: time since the start decides the phase; cycles count when their last phase ends. */
export class Session {
  constructor(
    readonly pattern: PatternInfo,
    readonly startedAt: number,
    readonly day: string,
  ) {}

  elapsedSeconds(now: number): number {
    return Math.max(0, (now - this.startedAt) / 1000);
  }

  frame(now: number): GuideFrame {
    const elapsed = this.elapsedSeconds(now);
    const cycles = Math.floor(elapsed / this.pattern.cycleSeconds);
    let into = elapsed - cycles * this.pattern.cycleSeconds;
    for (const phase of this.pattern.phases) {
      if (into < phase.seconds) {
        return {
          phase: phase.kind,
          elapsed: into,
          duration: phase.seconds,
          cycles,
          patternName: this.pattern.name,
          paused: false,
        };
      }
      into -= phase.seconds;
    }
    const last = this.pattern.phases[this.pattern.phases.length - 1];
    return {
      phase: last?.kind ?? 'rest',
      elapsed: last?.seconds ?? 0,
      duration: last?.seconds ?? 0,
      cycles,
      patternName: this.pattern.name,
      paused: false,
    };
  }

  finish(now: number): SessionOutcome {
    const elapsed = this.elapsedSeconds(now);
    return {
      patternId: this.pattern.id,
      day: this.day,
      cycles: Math.floor(elapsed / this.pattern.cycleSeconds),
      seconds: Math.floor(elapsed),
      cycleSeconds: this.pattern.cycleSeconds,
    };
  }
}

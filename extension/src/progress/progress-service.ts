import {
  localDay,
  type ProgressRecord,
  progressCodec,
  pushWindow,
  recordSession,
  type SessionOutcome,
  summarize,
} from '../game.ts';
import type { KeyValueStore } from '../storage/host-storage.ts';
import { type Loaded, ProgressStore } from '../storage/progress-store.ts';
import type { ProgressSummary } from './summary.ts';

/**
 * The local progress record in memory, saved after every change. The in-memory copy is the
 * truth while the extension runs; a failed save is reported and retried on the next change,
 * never dropping what was earned.
 */
export class ProgressService {
  readonly #store: ProgressStore<ProgressRecord>;
  #record: ProgressRecord;
  readonly loaded: Loaded<ProgressRecord>;

  constructor(
    state: KeyValueStore,
    private readonly now: () => number,
  ) {
    this.#store = new ProgressStore(state, progressCodec);
    this.loaded = this.#store.load();
    this.#record = this.loaded.record;
  }

  get record(): ProgressRecord {
    return this.#record;
  }

  today(): string {
    return localDay(this.now());
  }

  summary(): ProgressSummary {
    return summarize(this.#record, this.today());
  }

  /** The counters a push sends: this device's last 30 days plus today. */
  snapshot(): { days: ReturnType<typeof pushWindow>; today: string } {
    const today = this.today();
    return { days: pushWindow(this.#record, today), today };
  }

  /** Adds a finished session and saves; returns the level-up and achievement messages it earned. */
  async addSession(outcome: SessionOutcome): Promise<string[]> {
    const { record, messages } = recordSession(this.#record, outcome);
    this.#record = record;
    await this.#store.save(this.#record);
    return messages;
  }

  async reset(): Promise<void> {
    this.#record = await this.#store.reset();
  }
}

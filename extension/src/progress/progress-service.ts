import {
  type ImportOutcome,
  type ImportPlan,
  localDay,
  mergeImport,
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

  /** True while the stored record is from a newer version: nothing may be saved over it. */
  get readOnly(): boolean {
    return this.#store.readOnly;
  }

  /** What importing the plan would do to the record as it is now; changes nothing. */
  previewImport(plan: ImportPlan): ImportOutcome {
    return mergeImport(this.#record, plan);
  }

  /**
   * Merges the plan into the record as it is at this moment (a session may have ended since the preview) and saves.
   * The merge is a per-day maximum, so importing the same file again changes nothing.
   */
  async importPlan(plan: ImportPlan): Promise<ImportOutcome> {
    const outcome = mergeImport(this.#record, plan);
    if (!outcome.changed) return outcome;
    await this.#store.save(outcome.record);
    this.#record = outcome.record;
    return outcome;
  }

  async reset(): Promise<void> {
    this.#record = await this.#store.reset();
  }
}

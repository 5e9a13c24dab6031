import type { KeyValueStore } from './host-storage.ts';

export const progressKey = 'breathMaster.progress';
/** The last record known to be good, written before the primary key so a crash between writes loses nothing. */
export const progressBackupKey = 'breathMaster.progress.backup';

export interface RecordCodec<R> {
  /** Brings any stored version up to the current one; throws on a record it cannot read (corrupt, or newer). */
  readonly migrate: (raw: unknown) => R;
  readonly empty: () => R;
}

export type LoadSource = 'primary' | 'backup' | 'empty';

export interface Loaded<R> {
  readonly record: R;
  readonly source: LoadSource;
  /**
   * True when a stored record exists but could not be read (for instance written by a newer
   * version of the extension). The store then refuses to overwrite it.
   */
  readonly readOnly: boolean;
  readonly problem: string | null;
}

export class ProgressWriteRefused extends Error {
  readonly code = 'progress_read_only';
}

/**
 * One versioned record in the host's key-value store. VS Code writes each key atomically, so
 * keeping the previous good record under a second key means that at any instant at least one
 * readable record exists, whatever happens between the two writes.
 */
export class ProgressStore<R> {
  #readOnly = false;
  #writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: KeyValueStore,
    private readonly codec: RecordCodec<R>,
  ) {}

  load(): Loaded<R> {
    const primary = this.store.get(progressKey);
    const backup = this.store.get(progressBackupKey);
    const problems: string[] = [];
    for (const [source, raw] of [
      ['primary', primary],
      ['backup', backup],
    ] as const) {
      if (raw === undefined) continue;
      try {
        this.#readOnly = false;
        return { record: this.codec.migrate(raw), source, readOnly: false, problem: problems[0] ?? null };
      } catch (e) {
        problems.push(`${source}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // Something is stored but unreadable: keep it untouched for a version that can read it.
    this.#readOnly = problems.length > 0;
    return {
      record: this.codec.empty(),
      source: 'empty',
      readOnly: this.#readOnly,
      problem: problems.length > 0 ? problems.join('; ') : null,
    };
  }

  #readable(raw: unknown): boolean {
    try {
      this.codec.migrate(raw);
      return true;
    } catch {
      return false;
    }
  }

  get readOnly(): boolean {
    return this.#readOnly;
  }

  /** Saves in order (backup of the current primary first, then the new record); writes never interleave. */
  save(record: R): Promise<void> {
    const write = async () => {
      if (this.#readOnly)
        throw new ProgressWriteRefused('stored progress is from a newer version; not overwriting it');
      const current = this.store.get(progressKey);
      // Only a readable record may replace the backup: a corrupt primary must not push out the good copy.
      if (current !== undefined && this.#readable(current))
        await this.store.update(progressBackupKey, current);
      await this.store.update(progressKey, record);
    };
    const next = this.#writes.then(write, write);
    this.#writes = next.catch(() => undefined);
    return next;
  }

  /** Replaces everything with a fresh record (reset); the old record stays in the backup key. */
  reset(): Promise<R> {
    const fresh = this.codec.empty();
    this.#readOnly = false;
    return this.save(fresh).then(() => fresh);
  }
}

import type {
  DayCounters,
  MyStats,
  SchedulerStatus,
  SyncClient,
  SyncError,
  SyncStorage,
  TimerClock,
} from '@breath-master/sync';
import { SyncScheduler } from '@breath-master/sync/scheduler';
import type { KeyValueStore } from '../storage/host-storage.ts';

/** Set when a session ended and the server has not confirmed it yet; survives restarts so nothing waits forever. */
export const syncDirtyKey = 'breathMaster.sync.dirty';
/** The last stats the server returned, shown in the progress panel (handle, player totals). */
export const lastStatsKey = 'breathMaster.sync.lastStats';

export interface SyncConfig {
  readonly serverUrl: string;
  readonly anonKey: string;
}

export interface SyncServiceOptions {
  readonly state: KeyValueStore;
  readonly storage: SyncStorage;
  /** This device's counters for the push window and its local date, read fresh for every push. */
  readonly snapshot: () => { days: readonly DayCounters[]; today: string };
  readonly clock?: TimerClock;
  readonly onFinalError: (error: SyncError) => void;
  readonly onStats?: (stats: MyStats) => void;
  readonly fetch?: typeof fetch;
}

/**
 * The extension's side of sync: builds the client only when sync is on (activation never
 * touches the network), remembers unsent changes across restarts, and hands the privacy
 * actions to the client.
 */
export class SyncService {
  #client: Promise<SyncClient> | null = null;
  #scheduler: SyncScheduler | null = null;
  #config: SyncConfig | null = null;

  constructor(private readonly options: SyncServiceOptions) {}

  get enabled(): boolean {
    return this.#client !== null;
  }

  status(): SchedulerStatus | null {
    return this.#scheduler?.status() ?? null;
  }

  lastStats(): MyStats | null {
    return (this.options.state.get(lastStatsKey) as MyStats | undefined) ?? null;
  }

  /**
   * Turns sync on with this server (or re-targets it). At activation (`pushNow` false) it makes no
   * request and leaves unsent sessions to the scheduler's delay; when the person turned sync on or
   * changed the server (`pushNow` true), unsent sessions go out at once.
   */
  enable(config: SyncConfig, { pushNow = false }: { pushNow?: boolean } = {}): void {
    if (
      this.#client &&
      this.#config?.serverUrl === config.serverUrl &&
      this.#config.anonKey === config.anonKey
    )
      return;
    this.disable();
    this.#config = config;
    // supabase-js is loaded on first use, not at activation: most people never turn sync on.
    const client = import('@breath-master/sync/client').then(({ createSyncClient }) =>
      createSyncClient({
        url: config.serverUrl,
        anonKey: config.anonKey,
        storage: this.options.storage,
        deviceKind: 'vscode',
        ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
      }),
    );
    this.#client = client;
    const unsent = this.options.state.get(syncDirtyKey) === true;
    const scheduler = new SyncScheduler({
      push: async () => {
        await this.#pushWith(await client);
      },
      ...(this.options.clock ? { clock: this.options.clock } : {}),
      initiallyDirty: unsent,
      onFinalError: this.options.onFinalError,
    });
    this.#scheduler = scheduler;
    if (pushNow && unsent) void scheduler.pushNow();
  }

  disable(): void {
    this.#scheduler?.stop();
    this.#scheduler = null;
    this.#client = null;
    this.#config = null;
  }

  /** A session ended: remember it is unsent, then push at once (offline is fine: it retries later). */
  async sessionEnded(): Promise<void> {
    await this.options.state.update(syncDirtyKey, true);
    if (!this.#scheduler) return;
    this.#scheduler.markDirty();
    await this.#scheduler.pushNow();
  }

  /**
   * Counts this device in "breathing now" (or stops). Sent only while sync is on and the device has
   * signed in already; a failure is logged and otherwise ignored: the count is a courtesy, the row
   * expires on its own, and nothing of the person's progress depends on it.
   */
  async setBreathing(active: boolean): Promise<void> {
    if (!this.#client) return;
    try {
      await (await this.#client).setBreathing(active);
    } catch (error) {
      console.warn(`Breath Master: could not announce breathing ${active ? 'started' : 'stopped'}:`, error);
    }
  }

  /** The host believes the network is back (window focus, for instance). */
  networkOnline(): void {
    this.#scheduler?.networkOnline();
  }

  /** Pushes now and waits for the answer; errors propagate (used by commands that need the device registered). */
  async pushNow(): Promise<MyStats> {
    return this.#pushWith(await this.#require());
  }

  client(): Promise<SyncClient> {
    return this.#require();
  }

  /** Waits for a push in flight (deactivation, tests). */
  async settled(): Promise<void> {
    await this.#scheduler?.settled();
  }

  async #pushWith(client: SyncClient): Promise<MyStats> {
    const { days, today } = this.options.snapshot();
    const stats = await client.push(days, today);
    await this.options.state.update(syncDirtyKey, false);
    await this.options.state.update(lastStatsKey, stats);
    this.options.onStats?.(stats);
    return stats;
  }

  #require(): Promise<SyncClient> {
    if (!this.#client) return Promise.reject(new SyncDisabledError());
    return this.#client;
  }
}

export class SyncDisabledError extends Error {
  readonly code = 'sync_disabled';
  constructor() {
    super('Sync is off. Run "Breath Master: Enable Sync" first.');
  }
}

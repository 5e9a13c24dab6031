import { createSyncClient, type SyncClient } from '../client.ts';
import { SyncScheduler } from '../scheduler.ts';
import { memoryStorage } from '../storage.ts';
import type { DayCounters } from '../wire.ts';

/** The device's local date as the server accepts it (within a day of its UTC date). */
export function utcDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A simulated device for the integration tests: its own session storage, its own grow-only
 * daily counters (what core keeps in the extension), a real client and a real scheduler.
 */
export class TestDevice {
  readonly storage = memoryStorage();
  readonly client: SyncClient;
  readonly scheduler: SyncScheduler;
  readonly finalErrors: string[] = [];
  readonly #days = new Map<string, { xp: number; cycles: number; seconds: number }>();
  readonly today = utcDay();

  constructor(url: string, anonKey: string, options: { requestTimeoutMs?: number } = {}) {
    this.client = createSyncClient({
      url,
      anonKey,
      storage: this.storage,
      deviceKind: 'vscode',
      requestTimeoutMs: options.requestTimeoutMs ?? 2_000,
    });
    this.scheduler = new SyncScheduler({
      push: async () => {
        await this.client.push(this.days(), this.today);
      },
      backoff: { baseMs: 20, capMs: 150 },
      dirtyDelayMs: 10,
      onFinalError: (e) => this.finalErrors.push(e.code),
    });
  }

  /** A box-breathing session of `cycles` breaths on a day `daysAgo` before today: 4 XP and 16 s per breath. */
  breathe(cycles: number, daysAgo = 0): void {
    const day = utcDay(-daysAgo);
    const d = this.#days.get(day) ?? { xp: 0, cycles: 0, seconds: 0 };
    this.#days.set(day, {
      xp: d.xp + 4 * cycles,
      cycles: d.cycles + cycles,
      seconds: d.seconds + 16 * cycles,
    });
    this.scheduler.markDirty();
  }

  days(): DayCounters[] {
    return [...this.#days].map(([day, c]) => ({ day, ...c }));
  }

  totals(): { xp: number; cycles: number; seconds: number } {
    const t = { xp: 0, cycles: 0, seconds: 0 };
    for (const c of this.#days.values()) {
      t.xp += c.xp;
      t.cycles += c.cycles;
      t.seconds += c.seconds;
    }
    return t;
  }

  /** Pushes until the scheduler reports nothing left to send. */
  async drain(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.scheduler.pushNow();
    while (this.scheduler.status().dirty) {
      if (Date.now() > deadline)
        throw new Error(`device still dirty: ${JSON.stringify(this.scheduler.status())}`);
      if (this.scheduler.status().state === 'failed') await this.scheduler.pushNow();
      await new Promise((r) => setTimeout(r, 20));
      await this.scheduler.settled();
    }
  }
}

export function sumTotals(devices: readonly TestDevice[]): { xp: number; cycles: number; seconds: number } {
  const t = { xp: 0, cycles: 0, seconds: 0 };
  for (const d of devices) {
    const dt = d.totals();
    t.xp += dt.xp;
    t.cycles += dt.cycles;
    t.seconds += dt.seconds;
  }
  return t;
}

import { type MyStats, memoryStorage, type SyncClient } from '@breath-master/sync';
import { createSyncClient } from '@breath-master/sync/client';
import ws from 'ws';
import { e2eConfig } from './browser.ts';

/** The device's local date as the server accepts it (this machine runs in UTC). */
export function utcDay(offsetDays = 0): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The VS Code extension as the server sees it: its own anonymous device, pushing grow-only
 * daily counters through the same sync client the extension uses.
 */
export class ExtensionDevice {
  readonly client: SyncClient;
  readonly #days = new Map<string, { xp: number; cycles: number; seconds: number }>();

  constructor() {
    const { apiUrl, anonKey } = e2eConfig();
    this.client = createSyncClient({
      url: apiUrl,
      anonKey,
      storage: memoryStorage(),
      deviceKind: 'vscode',
      realtime: { transport: ws },
    });
  }

  /** Box breathing: 4 XP and 16 s per cycle, on the day `daysAgo` before today. */
  breathe(cycles: number, daysAgo = 0): this {
    const day = utcDay(-daysAgo);
    const d = this.#days.get(day) ?? { xp: 0, cycles: 0, seconds: 0 };
    this.#days.set(day, {
      xp: d.xp + 4 * cycles,
      cycles: d.cycles + cycles,
      seconds: d.seconds + 16 * cycles,
    });
    return this;
  }

  push(): Promise<MyStats> {
    return this.client.push(
      [...this.#days].map(([day, c]) => ({ day, ...c })),
      utcDay(),
    );
  }

  async rpc<T>(fn: string, args: Record<string, unknown> = {}): Promise<T> {
    await this.client.ensureSession();
    const { data, error } = await this.client.supabase.rpc(fn, args);
    if (error) throw new Error(`${fn}: ${error.message}`);
    return data as T;
  }
}

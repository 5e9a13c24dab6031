import { setTimeout as sleep } from 'node:timers/promises';
import { type Api, RpcError, rpc } from './devices.ts';
import type { Pusher } from './population.ts';
import { type PushRecord, wallNow } from './protocol.ts';

// A steady stream of sync_progress pushes, round-robin over the pushers. Each push raises the
// device's XP, so the player_stats trigger broadcasts every one of them. A device never has two
// pushes in flight: overlapping pushes of one device may commit out of order, and the older one
// then changes nothing and broadcasts nothing, which would look like a lost message.

export interface PushRun {
  records: PushRecord[];
  /** Pushes that started more than LATE_MS after their slot (their device was still busy). */
  late: number;
  /** Server errors answered to pushes that were then retried, as the sync client retries them. */
  retried: string[];
}

const LATE_MS = 20;
const ATTEMPTS = 3;
const RETRY_DELAY_MS = 100;

async function pushOnce(api: Api, pusher: Pusher, today: string, retried: string[]): Promise<PushRecord> {
  pusher.pushes += 1;
  const n = pusher.pushes;
  // Within the server's plausibility rule: xp ≤ seconds / 3 + 10, 4 × cycles ≤ seconds + 60, a day ≤ 86,400 s.
  const xp = pusher.baseXp + 5 * n;
  const days = [{ day: today, xp, cycles: n, seconds: 3 * xp }];
  for (let attempt = 1; ; attempt++) {
    const sentAt = wallNow();
    try {
      const { body, respondedAt } = await rpc<{ player_id: string; total_xp: number }>(
        api,
        pusher.device,
        'sync_progress',
        { days, today, device_kind: 'vscode' },
      );
      return { key: `${body.player_id}:${body.total_xp}`, sentAt, respondedAt, committedAt: Number.NaN };
    } catch (error) {
      // A refused push committed nothing and broadcast nothing, so its retry is the push measured.
      const retryable = !(error instanceof RpcError) || error.status >= 500;
      if (!retryable || attempt === ATTEMPTS) throw error;
      retried.push(error instanceof Error ? error.message : String(error));
      await sleep(RETRY_DELAY_MS);
    }
  }
}

export async function runPushes(
  api: Api,
  pushers: readonly Pusher[],
  opts: { count: number; perSecond: number; today: string },
): Promise<PushRun> {
  const records: PushRecord[] = [];
  const retried: string[] = [];
  const chains: Promise<void>[] = pushers.map(() => Promise.resolve());
  let late = 0;
  let failure: unknown = null;
  const start = performance.now();
  for (let i = 0; i < opts.count && failure === null; i++) {
    const due = start + (i * 1000) / opts.perSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const slot = i % pushers.length;
    const pusher = pushers[slot] as Pusher;
    chains[slot] = (chains[slot] as Promise<void>)
      .then(async () => {
        if (failure !== null) return;
        if (performance.now() - due > LATE_MS) late += 1;
        records.push(await pushOnce(api, pusher, opts.today, retried));
      })
      .catch((error: unknown) => {
        failure ??= error;
      });
  }
  await Promise.all(chains);
  if (failure !== null) throw failure;
  return { records, late, retried };
}

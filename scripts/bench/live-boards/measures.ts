// The arithmetic behind the live-boards figures, kept apart from the processes that gather the
// samples so it can be tested: how many messages a viewer got per second, and when a push became
// visible on a viewer's board.

/** A time window in wall-clock milliseconds, end excluded. */
export interface Window {
  from: number;
  to: number;
}

/** Messages per second received inside `window`, from one viewer's receipt times. */
export function messageRate(receipts: readonly number[], window: Window): number {
  const seconds = (window.to - window.from) / 1000;
  if (seconds <= 0) return Number.NaN;
  let n = 0;
  for (const at of receipts) if (at >= window.from && at < window.to) n += 1;
  return n / seconds;
}

/** The shortest gap between two consecutive receipts inside `window` (Infinity with fewer than two). */
export function shortestGap(receipts: readonly number[], window: Window): number {
  const inside = receipts.filter((at) => at >= window.from && at < window.to).sort((a, b) => a - b);
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < inside.length; i++)
    gap = Math.min(gap, (inside[i] as number) - (inside[i - 1] as number));
  return gap;
}

/**
 * A push: the player's total XP it produced, and `at`, the benchmark's best bound on its commit (its
 * answer's arrival, or an earlier sign of the commit where one was seen).
 */
export interface PushSeen {
  playerId: string;
  totalXp: number;
  at: number;
}

/** For each player, the seqs whose all-time diff carried the player's row, with its XP, seq ascending. */
export type ShownIn = Map<string, { seq: number; totalXp: number }[]>;

/** Indexes the board messages' all-time rows: `messages` may come in any order. */
export function indexShown(
  messages: readonly { seq: number; rows: readonly { player_id: string; total_xp: number }[] }[],
): ShownIn {
  const shown: ShownIn = new Map();
  for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
    for (const r of m.rows) {
      const list = shown.get(r.player_id) ?? [];
      list.push({ seq: m.seq, totalXp: r.total_xp });
      shown.set(r.player_id, list);
    }
  }
  return shown;
}

/**
 * The first seq whose board shows the push's effect: the player's row with at least the XP the push
 * produced (a later push of the same player in the same second is coalesced into one row, which
 * shows both). Undefined when no message did (the player stayed out of the top 100).
 */
export function firstSeqShowing(shown: ShownIn, push: PushSeen): number | undefined {
  return shown.get(push.playerId)?.find((s) => s.totalXp >= push.totalXp)?.seq;
}

/**
 * Per push that reached the board, the delay until each viewer's state included it: the viewer's
 * first receipt of that seq or a later one (a viewer that missed the seq caught up by a refetch or
 * a later message). `receipts` per viewer: [seq, time] in arrival order. Returns the samples and the
 * (push, viewer) pairs never caught up.
 */
export function visibilityDelays(
  shown: ShownIn,
  pushes: readonly PushSeen[],
  receipts: readonly (readonly [number, number])[][],
): { delays: number[]; pushesShown: number; notCaughtUp: number } {
  const delays: number[] = [];
  let pushesShown = 0;
  let notCaughtUp = 0;
  // Per viewer: the earliest time it held each seq or a later one (a suffix minimum over seqs).
  const firstAtOrAfter = receipts.map((list) => {
    const bySeq = [...list].sort((a, b) => a[0] - b[0]);
    const out: [number, number][] = [];
    let best = Number.POSITIVE_INFINITY;
    for (let i = bySeq.length - 1; i >= 0; i--) {
      const [seq, at] = bySeq[i] as [number, number];
      best = Math.min(best, at);
      out.push([seq, best]);
    }
    return out.reverse();
  });
  for (const push of pushes) {
    const seq = firstSeqShowing(shown, push);
    if (seq === undefined) continue;
    pushesShown += 1;
    for (const list of firstAtOrAfter) {
      const hit = list.find(([s]) => s >= seq);
      if (hit === undefined) notCaughtUp += 1;
      else delays.push(hit[1] - push.at);
    }
  }
  return { delays, pushesShown, notCaughtUp };
}

/**
 * Per board message, its flush's start (the message's `at`) → its commit as the commit witness saw
 * it; messages the witness did not see (a NOTIFY too large to carry the payload) are left out.
 */
export function flushDurations(
  starts: readonly [number, number][],
  commits: ReadonlyMap<number, number>,
): number[] {
  return starts.flatMap(([seq, start]) => {
    const commit = commits.get(seq);
    return commit === undefined ? [] : [commit - start];
  });
}

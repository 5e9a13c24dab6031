import { seededRandom } from '@breath-master/core/random';
import type pg from 'pg';
import { type Api, type Device, mapLimited, rpc, signUp } from '../realtime-fanout/devices.ts';
import type { Pusher } from '../realtime-fanout/population.ts';

// The signed-in devices that push during the run. The seeded players (ranking/seed.ts) have no
// daily rows, so a push as one of them would rebuild its stats from nothing; instead a pool of
// real devices signs up and registers with 30 days of counters whose total puts its player at a
// chosen place on the seeded board: a few inside the top 100, a few just below it (they climb in
// as they push), the rest spread from rank 100 to the bottom. Some players also pair a second
// device, which then listens on `player:<id>` as an open dashboard would.

const TODAY_XP = 300;
// Within sync_progress's plausibility rule (xp ≤ seconds / 3 + 10, a day ≤ 86,400 s).
const MAX_DAY_XP = 28_000;
const HISTORY_DAYS = 29;

export interface PoolPlayer extends Pusher {
  /** Where the player was placed: its rank on the seeded all-time board. */
  targetRank: number;
  /** A second device of the same player (only for `paired` players). */
  other: Device | null;
}

/** Ranks to place `size` players at: 5% in the top 100, 5% just below it, the rest log-uniform below. */
export function targetRanks(size: number, boardSize: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, i) => {
    if (i % 20 === 0) return 1 + Math.floor(random() * 100);
    if (i % 20 === 1) return 101 + Math.floor(random() * 20);
    return Math.min(boardSize, Math.floor(100 * (boardSize / 100) ** random()));
  });
}

/** 30 days ending `today` whose XP sums to `total` (today's XP is `min(total, TODAY_XP)`). */
export function historyDays(total: number, today: string) {
  const todayXp = Math.min(total, TODAY_XP);
  const rest = total - todayXp;
  const days = Math.min(HISTORY_DAYS, Math.max(1, Math.ceil(rest / 5000)));
  const end = Date.parse(`${today}T00:00:00Z`);
  const out = [{ day: today, xp: todayXp, cycles: Math.floor(todayXp / 5), seconds: 3 * todayXp }];
  for (let d = 1; d <= days && rest > 0; d++) {
    const xp = Math.min(MAX_DAY_XP, Math.floor(rest / days) + (d <= rest % days ? 1 : 0));
    if (xp === 0) continue;
    const day = new Date(end - d * 86_400_000).toISOString().slice(0, 10);
    out.push({ day, xp, cycles: Math.floor((3 * xp) / 16), seconds: 3 * xp });
  }
  return { days: out, todayXp };
}

/** The seeded all-time score at each 1-based rank (the score of the player ranked there). */
async function scoresAt(client: pg.ClientBase, ranks: readonly number[]): Promise<Map<number, number>> {
  const { rows } = await client.query<{ r: number; score: string }>(
    `select r, (select s.total_xp from public.player_stats s
                where s.show_on_leaderboard and s.total_xp > 0
                order by s.total_xp desc, s.player_id offset r - 1 limit 1) as score
     from unnest($1::integer[]) as r`,
    [[...new Set(ranks)]],
  );
  return new Map(rows.map((row) => [row.r, Number(row.score ?? 1)]));
}

export async function createPool(
  api: Api,
  client: pg.ClientBase,
  opts: { size: number; paired: number; today: string; seed: number },
): Promise<PoolPlayer[]> {
  const { rows } = await client.query<{ n: number }>(
    'select count(*)::integer as n from public.player_stats where show_on_leaderboard and total_xp > 0',
  );
  const ranks = targetRanks(opts.size, rows[0]?.n ?? 1, opts.seed);
  const scores = await scoresAt(client, ranks);
  const players = await mapLimited(ranks, async (rank, i) => {
    const device = await signUp(api);
    // One XP above the player at that rank (inside the top 100) or one below (just outside it).
    const score = Math.max(1, (scores.get(rank) ?? 1) + (rank <= 100 ? 1 : -1));
    const { days, todayXp } = historyDays(score, opts.today);
    const { body } = await rpc<{ player_id: string }>(api, device, 'sync_progress', {
      days,
      today: opts.today,
      device_kind: 'vscode',
    });
    let other: Device | null = null;
    if (i < opts.paired) {
      const { body: pairing } = await rpc<{ code: string }>(api, device, 'create_pairing_code', {});
      other = await signUp(api);
      await rpc(api, other, 'redeem_pairing_code', { code: pairing.code, device_kind: 'web' });
    }
    return { device, playerId: body.player_id, baseXp: todayXp, pushes: 0, targetRank: rank, other };
  });
  // Pushes go round-robin over the pool: shuffled, so top players are not pushed in a burst.
  const random = seededRandom(opts.seed + 1);
  for (let i = players.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [players[i], players[j]] = [players[j] as PoolPlayer, players[i] as PoolPlayer];
  }
  return players;
}

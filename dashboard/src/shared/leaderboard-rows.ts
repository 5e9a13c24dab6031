// Leaderboard rows as the server sends them, and the pure cache patches applied when a
// broadcast arrives: update or insert the player, re-sort, re-rank, keep the list's length.

export type Scope = 'all_time' | 'weekly';

export interface LeaderboardRow {
  readonly rank: number;
  readonly player_id: string;
  readonly handle: string;
  readonly level: number;
  readonly total_xp: number;
  readonly weekly_xp: number;
  readonly current_streak: number;
  readonly is_me: boolean;
}

/** The `player_stats` / `member_stats` broadcast payload. */
export interface PlayerStatsEvent {
  readonly player_id: string;
  readonly handle: string;
  readonly level: number;
  readonly total_xp: number;
  readonly weekly_xp: number;
  readonly week_start: string | null;
  readonly current_streak: number;
}

export function parsePlayerStatsEvent(payload: unknown): PlayerStatsEvent | null {
  const p = payload as Partial<PlayerStatsEvent> | null;
  if (
    typeof p?.player_id !== 'string' ||
    typeof p.handle !== 'string' ||
    typeof p.level !== 'number' ||
    typeof p.total_xp !== 'number' ||
    typeof p.weekly_xp !== 'number' ||
    typeof p.current_streak !== 'number'
  ) {
    return null;
  }
  return {
    player_id: p.player_id,
    handle: p.handle,
    level: p.level,
    total_xp: p.total_xp,
    weekly_xp: p.weekly_xp,
    week_start: typeof p.week_start === 'string' ? p.week_start : null,
    current_streak: p.current_streak,
  };
}

/** Monday of the ISO week of a UTC date, as the server computes the weekly board. */
export function utcWeekStart(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const weekday = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - weekday);
  return d.toISOString().slice(0, 10);
}

export function scoreOf(row: Pick<LeaderboardRow, 'total_xp' | 'weekly_xp'>, scope: Scope): number {
  return scope === 'weekly' ? row.weekly_xp : row.total_xp;
}

/** Sorts by score and assigns competition ranks (1, 1, 1, 4), as the server does. */
export function rerank(rows: readonly LeaderboardRow[], scope: Scope): LeaderboardRow[] {
  const sorted = [...rows].sort(
    (a, b) => scoreOf(b, scope) - scoreOf(a, scope) || a.handle.localeCompare(b.handle),
  );
  let rank = 0;
  let previous = Number.NaN;
  return sorted.map((row, index) => {
    const score = scoreOf(row, scope);
    if (score !== previous) {
      rank = index + 1;
      previous = score;
    }
    return row.rank === rank ? row : { ...row, rank };
  });
}

interface PatchContext {
  readonly scope: Scope;
  readonly limit: number;
  readonly now: Date;
  readonly myPlayerId?: string | null;
  /** Team boards list every member, score 0 included; public boards only players above 0. */
  readonly keepZero?: boolean;
}

export function applyPlayerStats(
  rows: readonly LeaderboardRow[],
  event: PlayerStatsEvent,
  ctx: PatchContext,
): LeaderboardRow[] {
  const weekly = event.week_start === utcWeekStart(ctx.now) ? event.weekly_xp : 0;
  const existing = rows.find((row) => row.player_id === event.player_id);
  const next: LeaderboardRow = {
    rank: existing?.rank ?? 0,
    player_id: event.player_id,
    handle: event.handle,
    level: event.level,
    total_xp: event.total_xp,
    weekly_xp: weekly,
    current_streak: event.current_streak,
    is_me: existing?.is_me ?? event.player_id === ctx.myPlayerId,
  };
  const others = rows.filter((row) => row.player_id !== event.player_id);
  const included = ctx.keepZero || scoreOf(next, ctx.scope) > 0;
  const ranked = rerank(included ? [...others, next] : others, ctx.scope);
  // A board shows its top rows only: a newcomer below the last row stays off it.
  return ranked.length > ctx.limit && !existing ? ranked.slice(0, ctx.limit) : ranked;
}

export function removePlayer(
  rows: readonly LeaderboardRow[],
  playerId: string,
  scope: Scope,
): LeaderboardRow[] {
  if (!rows.some((row) => row.player_id === playerId)) return [...rows];
  return rerank(
    rows.filter((row) => row.player_id !== playerId),
    scope,
  );
}

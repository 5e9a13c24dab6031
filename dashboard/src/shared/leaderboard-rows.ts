// Leaderboard rows as the server sends them, and the pure steps every board shares: read a row from
// a message, rank a list (competition ranks, the server's order), flag my own row.

export type Scope = 'all_time' | 'weekly';

/** A row of a board as `get_live_board`, `board` and `team` messages carry it (no `is_me`: one board for all). */
export interface BoardRow {
  readonly rank: number;
  readonly player_id: string;
  readonly handle: string;
  readonly level: number;
  readonly total_xp: number;
  readonly weekly_xp: number;
  readonly current_streak: number;
}

/** A row as shown: `is_me` marks this device's player. */
export interface LeaderboardRow extends BoardRow {
  readonly is_me: boolean;
}

/** The public fields of a row from a message, or null when it is not one (rank is recomputed anyway). */
export function parseBoardRow(value: unknown): BoardRow | null {
  const v = value as Partial<BoardRow> | null;
  if (
    typeof v?.player_id !== 'string' ||
    typeof v.handle !== 'string' ||
    typeof v.level !== 'number' ||
    typeof v.total_xp !== 'number' ||
    typeof v.weekly_xp !== 'number' ||
    typeof v.current_streak !== 'number'
  ) {
    return null;
  }
  return {
    rank: typeof v.rank === 'number' ? v.rank : 0,
    player_id: v.player_id,
    handle: v.handle,
    level: v.level,
    total_xp: v.total_xp,
    weekly_xp: v.weekly_xp,
    current_streak: v.current_streak,
  };
}

/** Every entry parsed, or null when the value is not an array of rows (a message is taken whole or not at all). */
export function parseBoardRows(value: unknown): BoardRow[] | null {
  if (!Array.isArray(value)) return null;
  const rows = value.map(parseBoardRow);
  return rows.every((row) => row !== null) ? (rows as BoardRow[]) : null;
}

export function scoreOf(row: Pick<BoardRow, 'total_xp' | 'weekly_xp'>, scope: Scope): number {
  return scope === 'weekly' ? row.weekly_xp : row.total_xp;
}

/**
 * Sorts by score and assigns competition ranks (1, 1, 1, 4), as the server does; ties are listed
 * in player id order like `get_leaderboard` (ids are lowercase hex uuids: string order is byte order).
 */
export function rerank<T extends BoardRow>(rows: readonly T[], scope: Scope): T[] {
  const sorted = [...rows].sort(
    (a, b) =>
      scoreOf(b, scope) - scoreOf(a, scope) ||
      (a.player_id < b.player_id ? -1 : a.player_id > b.player_id ? 1 : 0),
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

/** The rows as shown to this visitor: `is_me` on my player's row (none when I am no player). */
export function markMe(rows: readonly BoardRow[], myPlayerId: string | null): LeaderboardRow[] {
  return rows.map((row) => ({ ...row, is_me: row.player_id === myPlayerId }));
}

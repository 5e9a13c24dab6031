// A viewer's copy of the live boards, kept as the dashboard keeps it (docs/live-boards.md): load
// get_live_board() once, apply each `board` message whose seq is the next one, refetch on a gap.
// The benchmark's claim "nothing is lost" is that this copy, after the last flush, equals
// get_leaderboard(); so the apply logic lives here once, pure and tested.

export type Scope = 'all_time' | 'weekly';
export const SCOPES: readonly Scope[] = ['all_time', 'weekly'];

export interface BoardRow {
  player_id: string;
  handle: string;
  level: number;
  total_xp: number;
  weekly_xp: number;
  current_streak: number;
  rank: number;
}

export interface LiveStats {
  players: number;
  active_today: number;
  cycles_today: number;
  seconds_today: number;
  breathing_now: number;
}

export interface BoardDiff {
  /** Rows that entered the top 100 or changed. */
  rows: BoardRow[];
  /** Players that left the top 100. */
  removed: string[];
}

export interface LiveBoardMessage {
  seq: number;
  at: string;
  week_start: string;
  all_time?: BoardDiff;
  weekly?: BoardDiff;
  stats: LiveStats;
}

/** What get_live_board() returns, and a viewer's state after applying messages to it. */
export interface LiveBoard {
  seq: number;
  at: string;
  week_start: string;
  all_time: BoardRow[];
  weekly: BoardRow[];
  stats: LiveStats;
}

export type ApplyOutcome =
  /** The next seq: applied. */
  | 'applied'
  /** Already reflected (an older or repeated seq): ignored. */
  | 'stale'
  /** A seq was skipped, or the week turned: the state is unchanged and must be refetched. */
  | 'gap';

const scoreOf = (row: BoardRow, scope: Scope): number => (scope === 'weekly' ? row.weekly_xp : row.total_xp);

/**
 * Orders a board as get_leaderboard() does (score descending, then player id; PostgreSQL compares
 * uuids byte by byte, which for their lowercase text is string order) and gives competition ranks:
 * 1 + the number of rows with a strictly greater score, so ties share a rank (1, 1, 1, 4).
 */
export function rankBoard(rows: readonly BoardRow[], scope: Scope): BoardRow[] {
  const sorted = [...rows].sort(
    (a, b) =>
      scoreOf(b, scope) - scoreOf(a, scope) ||
      (a.player_id < b.player_id ? -1 : a.player_id > b.player_id ? 1 : 0),
  );
  let rank = 0;
  return sorted.map((row, index) => {
    if (index === 0 || scoreOf(row, scope) !== scoreOf(sorted[index - 1] as BoardRow, scope))
      rank = index + 1;
    return row.rank === rank ? row : { ...row, rank };
  });
}

function applyDiff(rows: readonly BoardRow[], diff: BoardDiff | undefined, scope: Scope): BoardRow[] {
  if (diff === undefined) return rows as BoardRow[];
  const gone = new Set([...diff.removed, ...diff.rows.map((r) => r.player_id)]);
  // The diff's own ranks are ignored: the client re-ranks after applying (docs/live-boards.md).
  return rankBoard([...rows.filter((r) => !gone.has(r.player_id)), ...diff.rows], scope);
}

/** Applies `message` to `board` when it is the next one; never mutates `board`. */
export function applyBoardMessage(
  board: LiveBoard,
  message: LiveBoardMessage,
): { outcome: ApplyOutcome; board: LiveBoard } {
  if (message.seq <= board.seq) return { outcome: 'stale', board };
  // A new week empties the weekly board in a way no diff of the old one describes.
  if (message.seq !== board.seq + 1 || message.week_start !== board.week_start)
    return { outcome: 'gap', board };
  return {
    outcome: 'applied',
    board: {
      seq: message.seq,
      at: message.at,
      week_start: message.week_start,
      all_time: applyDiff(board.all_time, message.all_time, 'all_time'),
      weekly: applyDiff(board.weekly, message.weekly, 'weekly'),
      stats: message.stats,
    },
  };
}

const FIELDS = ['rank', 'player_id', 'handle', 'level', 'total_xp', 'weekly_xp', 'current_streak'] as const;

/**
 * The first differences between a viewer's board and get_leaderboard()'s rows (at most `limit`),
 * field by field and row by row; empty when they are equal. `is_me` and other extra fields of the
 * expected rows are not compared: a viewer on the anon key is nobody.
 */
export function boardDifferences(
  got: readonly BoardRow[],
  expected: readonly BoardRow[],
  scope: Scope,
  limit = 3,
): string[] {
  const out: string[] = [];
  if (got.length !== expected.length) out.push(`${scope}: ${got.length} rows, expected ${expected.length}`);
  for (let i = 0; i < Math.max(got.length, expected.length) && out.length < limit; i++) {
    const a = got[i];
    const b = expected[i];
    if (a === undefined || b === undefined) {
      out.push(`${scope} row ${i + 1}: ${a ? a.player_id : 'missing'}, expected ${b ? b.player_id : 'none'}`);
      continue;
    }
    const field = FIELDS.find((f) => a[f] !== b[f]);
    if (field) out.push(`${scope} row ${i + 1} ${field}: ${String(a[field])}, expected ${String(b[field])}`);
  }
  return out;
}

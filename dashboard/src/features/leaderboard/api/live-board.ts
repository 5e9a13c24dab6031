import { type BoardRow, parseBoardRows, rerank, type Scope } from '../../../shared/leaderboard-rows.ts';

// The public boards as one value: what `get_live_board()` answers, kept current by the `board`
// messages of the private `leaderboard` topic (docs/live-boards.md). Everything here is pure.

export const LIVE_BOARD_LIMIT = 100;
export const scopes: readonly Scope[] = ['all_time', 'weekly'];

export interface LiveStats {
  readonly players: number;
  readonly active_today: number;
  readonly cycles_today: number;
  readonly seconds_today: number;
  readonly breathing_now: number;
}

export interface LiveBoard {
  /** The last `board` message this state includes (0: computed before the first flush). */
  readonly seq: number;
  readonly at: string | null;
  readonly week_start: string | null;
  readonly all_time: readonly BoardRow[];
  readonly weekly: readonly BoardRow[];
  readonly stats: LiveStats;
}

export interface BoardDiff {
  /** Rows that entered the top 100 or changed a public field. */
  readonly rows: readonly BoardRow[];
  /** Players who left the top 100 (hidden, deleted or overtaken). */
  readonly removed: readonly string[];
}

export interface LiveBoardMessage {
  readonly seq: number;
  readonly at: string;
  readonly week_start: string;
  readonly all_time?: BoardDiff;
  readonly weekly?: BoardDiff;
  readonly stats: LiveStats;
}

const statKeys = ['players', 'active_today', 'cycles_today', 'seconds_today', 'breathing_now'] as const;

function parseStats(value: unknown): LiveStats | null {
  const v = value as Record<string, unknown> | null;
  if (typeof v !== 'object' || v === null) return null;
  const stats: Record<string, number> = {};
  for (const key of statKeys) {
    const n = v[key];
    // Older servers have no breathing_now yet: nobody counted is the honest reading.
    if (typeof n === 'number') stats[key] = n;
    else if (key === 'breathing_now' && n === undefined) stats[key] = 0;
    else return null;
  }
  return stats as unknown as LiveStats;
}

function parseDiff(value: unknown): BoardDiff | null | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value as { rows?: unknown; removed?: unknown };
  const rows = parseBoardRows(v.rows ?? []);
  const removed = v.removed ?? [];
  if (!rows || !Array.isArray(removed) || !removed.every((id) => typeof id === 'string')) return null;
  return { rows, removed };
}

/** A `board` message, or null when the payload is not one (it is then ignored, never half applied). */
export function parseLiveBoardMessage(payload: unknown): LiveBoardMessage | null {
  const p = payload as Record<string, unknown> | null;
  if (typeof p?.seq !== 'number' || !Number.isInteger(p.seq)) return null;
  const stats = parseStats(p.stats);
  const allTime = parseDiff(p.all_time);
  const weekly = parseDiff(p.weekly);
  if (!stats || allTime === null || weekly === null) return null;
  return {
    seq: p.seq,
    at: typeof p.at === 'string' ? p.at : '',
    week_start: typeof p.week_start === 'string' ? p.week_start : '',
    ...(allTime ? { all_time: allTime } : {}),
    ...(weekly ? { weekly } : {}),
    stats,
  };
}

/** The answer of `get_live_board()`, checked like a message. */
export function parseLiveBoard(value: unknown): LiveBoard | null {
  const v = value as Record<string, unknown> | null;
  if (typeof v?.seq !== 'number') return null;
  const allTime = parseBoardRows(v.all_time);
  const weekly = parseBoardRows(v.weekly);
  const stats = parseStats(v.stats);
  if (!allTime || !weekly || !stats) return null;
  return {
    seq: v.seq,
    at: typeof v.at === 'string' ? v.at : null,
    week_start: typeof v.week_start === 'string' ? v.week_start : null,
    all_time: rerank(allTime, 'all_time'),
    weekly: rerank(weekly, 'weekly'),
    stats,
  };
}

/** Upserts the changed rows, drops the removed ones, re-ranks and keeps the top 100. */
export function applyBoardDiff(rows: readonly BoardRow[], diff: BoardDiff, scope: Scope): BoardRow[] {
  const changed = new Map(diff.rows.map((row) => [row.player_id, row]));
  const removed = new Set(diff.removed);
  const kept = rows.filter((row) => !changed.has(row.player_id) && !removed.has(row.player_id));
  return rerank([...kept, ...changed.values()], scope).slice(0, LIVE_BOARD_LIMIT);
}

/**
 * The state after the next message (the caller checked that `message.seq` is `board.seq + 1`). The
 * first message (seq 1) is diffed against the server's empty snapshot, so its rows are the whole board;
 * a seq 0 state was computed live, and a row it holds that left since would not be listed as removed.
 */
export function applyBoardMessage(board: LiveBoard, message: LiveBoardMessage): LiveBoard {
  const apply = (rows: readonly BoardRow[], diff: BoardDiff | undefined, scope: Scope) =>
    diff ? applyBoardDiff(board.seq === 0 ? [] : rows, diff, scope) : rows;
  return {
    seq: message.seq,
    at: message.at,
    week_start: message.week_start,
    all_time: apply(board.all_time, message.all_time, 'all_time'),
    weekly: apply(board.weekly, message.weekly, 'weekly'),
    stats: message.stats,
  };
}

/** What a message means for the state held: apply it, ignore it (already included) or refetch (a gap). */
export function nextStep(board: LiveBoard, seq: number): 'apply' | 'ignore' | 'gap' {
  if (seq === board.seq + 1) return 'apply';
  return seq <= board.seq ? 'ignore' : 'gap';
}

/**
 * Applies, in order, the messages that follow `board` among those held back while a snapshot was
 * on its way. Returns the state and whether a gap remains (a message is still missing).
 */
export function catchUp(
  board: LiveBoard,
  held: readonly LiveBoardMessage[],
): { board: LiveBoard; gap: boolean } {
  let current = board;
  for (const message of [...held].sort((a, b) => a.seq - b.seq)) {
    const step = nextStep(current, message.seq);
    if (step === 'gap') return { board: current, gap: true };
    if (step === 'apply') current = applyBoardMessage(current, message);
  }
  return { board: current, gap: false };
}

/**
 * Which of two states to keep when a fetched snapshot lands: messages applied while it was on its
 * way may already be past it. A snapshot from a later flush wins even with a smaller seq (the
 * server's state was reset).
 */
export function newerBoard(held: LiveBoard | undefined, fetched: LiveBoard): LiveBoard {
  if (!held || held.seq <= fetched.seq) return fetched;
  return fetched.at !== null && held.at !== null && Date.parse(fetched.at) > Date.parse(held.at)
    ? fetched
    : held;
}

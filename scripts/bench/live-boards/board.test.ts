import { describe, expect, it } from 'vitest';
import {
  applyBoardMessage,
  type BoardRow,
  boardDifferences,
  type LiveBoard,
  type LiveBoardMessage,
  rankBoard,
} from './board.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const row = (n: number, total_xp: number, weekly_xp = 0, rank = 0): BoardRow => ({
  player_id: id(n),
  handle: `P${n}`,
  level: 1,
  total_xp,
  weekly_xp,
  current_streak: 0,
  rank,
});
const stats = { players: 5, active_today: 1, cycles_today: 2, seconds_today: 60, breathing_now: 0 };
const start = (allTime: BoardRow[], weekly: BoardRow[] = []): LiveBoard => ({
  seq: 7,
  at: '2026-12-03T20:00:00Z',
  week_start: '2026-11-30',
  all_time: rankBoard(allTime, 'all_time'),
  weekly: rankBoard(weekly, 'weekly'),
  stats,
});
const message = (seq: number, extra: Partial<LiveBoardMessage> = {}): LiveBoardMessage => ({
  seq,
  at: '2026-12-03T20:00:01Z',
  week_start: '2026-11-30',
  stats: { ...stats, breathing_now: seq },
  ...extra,
});
const ranks = (rows: BoardRow[]) => rows.map((r) => `${r.rank}:${r.handle}`);

describe('rankBoard', () => {
  it('orders by score then player id and gives competition ranks', () => {
    const rows = rankBoard([row(3, 10), row(1, 50), row(2, 10), row(4, 10), row(5, 5)], 'all_time');
    expect(ranks(rows)).toEqual(['1:P1', '2:P2', '2:P3', '2:P4', '5:P5']);
  });

  it('ranks the weekly board by weekly XP', () => {
    const rows = rankBoard([row(1, 900, 1), row(2, 5, 40)], 'weekly');
    expect(ranks(rows)).toEqual(['1:P2', '2:P1']);
  });
});

describe('applyBoardMessage', () => {
  it('applies the next seq: changed rows move, entering rows come in, removed rows go, stats follow', () => {
    const board = start([row(1, 100), row(2, 90), row(3, 80)], [row(1, 100, 10)]);
    const { outcome, board: next } = applyBoardMessage(
      board,
      message(8, {
        all_time: { rows: [row(3, 120, 0, 99), row(9, 95)], removed: [id(2)] },
      }),
    );
    expect(outcome).toBe('applied');
    expect(ranks(next.all_time)).toEqual(['1:P3', '2:P1', '3:P9']);
    expect(next.weekly).toBe(board.weekly);
    expect(next.seq).toBe(8);
    expect(next.stats.breathing_now).toBe(8);
    // The input is left as it was.
    expect(ranks(board.all_time)).toEqual(['1:P1', '2:P2', '3:P3']);
  });

  it('ignores an old or repeated seq and reports a gap without changing anything', () => {
    const board = start([row(1, 100)]);
    expect(applyBoardMessage(board, message(7)).outcome).toBe('stale');
    expect(applyBoardMessage(board, message(3)).outcome).toBe('stale');
    const gap = applyBoardMessage(board, message(9, { all_time: { rows: [row(2, 500)], removed: [] } }));
    expect(gap.outcome).toBe('gap');
    expect(gap.board).toBe(board);
  });

  it('treats a new week as a gap: the weekly board must be loaded again', () => {
    const board = start([row(1, 100)]);
    expect(applyBoardMessage(board, message(8, { week_start: '2026-12-07' })).outcome).toBe('gap');
  });
});

describe('boardDifferences', () => {
  it('is empty for equal boards and ignores fields the viewer does not keep', () => {
    const rows = rankBoard([row(1, 10), row(2, 20)], 'all_time');
    const fromServer = rows.map((r) => ({ ...r, is_me: false }));
    expect(boardDifferences(rows, fromServer, 'all_time')).toEqual([]);
  });

  it('names the row and field that differ, and a missing row', () => {
    const expected = rankBoard([row(1, 10), row(2, 20), row(3, 5)], 'all_time');
    const got = rankBoard([row(1, 10), row(2, 21)], 'all_time');
    expect(boardDifferences(got, expected, 'all_time')).toEqual([
      'all_time: 2 rows, expected 3',
      'all_time row 1 total_xp: 21, expected 20',
      `all_time row 3: missing, expected ${id(3)}`,
    ]);
  });
});

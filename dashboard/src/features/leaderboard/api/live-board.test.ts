import { describe, expect, it } from 'vitest';
import type { BoardRow } from '../../../shared/leaderboard-rows.ts';
import {
  applyBoardDiff,
  applyBoardMessage,
  catchUp,
  type LiveBoard,
  type LiveBoardMessage,
  newerBoard,
  nextStep,
  parseLiveBoardMessage,
} from './live-board.ts';

const row = (id: string, total_xp: number, weekly_xp = 0): BoardRow => ({
  rank: 0,
  player_id: id,
  handle: `Calm ${id}`,
  level: 1,
  total_xp,
  weekly_xp,
  current_streak: 0,
});
const stats = { players: 3, active_today: 1, cycles_today: 2, seconds_today: 30, breathing_now: 0 };
const board = (seq: number, at = '2026-12-03T20:00:00Z'): LiveBoard => ({
  seq,
  at,
  week_start: '2026-11-30',
  all_time: [],
  weekly: [],
  stats,
});
const message = (seq: number, all_time?: LiveBoardMessage['all_time']): LiveBoardMessage => ({
  seq,
  at: '2026-12-03T20:00:01Z',
  week_start: '2026-11-30',
  ...(all_time ? { all_time } : {}),
  stats,
});

describe('live board', () => {
  it('upserts, removes, re-ranks with competition ranks and keeps the top 100', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({
      ...row(`p${String(i).padStart(3, '0')}`, 1000 - i),
    }));
    const next = applyBoardDiff(
      rows,
      { rows: [row('new', 5000), { ...row('p050', 999) }], removed: ['p000'] },
      'all_time',
    );
    expect(next).toHaveLength(100);
    expect(next.slice(0, 3).map((r) => [r.player_id, r.rank])).toEqual([
      ['new', 1],
      ['p001', 2],
      ['p050', 2],
    ]);
    expect(next.some((r) => r.player_id === 'p000')).toBe(false);
    expect(next.at(-1)?.player_id).toBe('p099');
    // One more entrant: the last row falls off the end.
    const capped = applyBoardDiff(next, { rows: [row('x', 2000)], removed: [] }, 'all_time');
    expect(capped).toHaveLength(100);
    expect(capped.at(-1)?.player_id).toBe('p098');
  });

  it('takes the first message whole over a board computed before any flush', () => {
    const live = { ...board(0), all_time: [row('left', 90), row('a', 50)] };
    const next = applyBoardMessage(live, message(1, { rows: [row('a', 50), row('b', 40)], removed: [] }));
    expect(next.all_time.map((r) => r.player_id)).toEqual(['a', 'b']);
    // Later messages are diffs against what the client holds.
    const later = applyBoardMessage(next, message(2, { rows: [row('c', 45)], removed: [] }));
    expect(later.all_time.map((r) => r.player_id)).toEqual(['a', 'c', 'b']);
  });

  it('tells the next message from an old one and a gap', () => {
    expect(nextStep(board(5), 6)).toBe('apply');
    expect(nextStep(board(5), 5)).toBe('ignore');
    expect(nextStep(board(5), 2)).toBe('ignore');
    expect(nextStep(board(5), 8)).toBe('gap');
  });

  it('applies held messages in seq order on top of a snapshot, and reports a gap that remains', () => {
    const held = [
      message(8, { rows: [row('b', 9)], removed: [] }),
      message(7, { rows: [row('a', 4)], removed: [] }),
      message(6),
    ];
    const caught = catchUp(board(6), held);
    expect(caught.gap).toBe(false);
    expect(caught.board.seq).toBe(8);
    expect(caught.board.all_time.map((r) => r.player_id)).toEqual(['b', 'a']);
    expect(catchUp(board(6), [message(9)])).toMatchObject({ gap: true, board: { seq: 6 } });
  });

  it('keeps the newer of a held state and a fetched snapshot', () => {
    expect(newerBoard(undefined, board(3)).seq).toBe(3);
    expect(newerBoard(board(2), board(3)).seq).toBe(3);
    expect(newerBoard(board(9), board(3)).seq).toBe(9);
    // A server whose state was reset starts counting again: its later flush wins.
    expect(newerBoard(board(9), board(1, '2026-12-03T21:00:00Z')).seq).toBe(1);
  });

  it('reads a message whole or not at all', () => {
    expect(parseLiveBoardMessage({ ...message(3, { rows: [row('a', 1)], removed: ['b'] }), id: 12 })).toEqual(
      message(3, { rows: [row('a', 1)], removed: ['b'] }),
    );
    expect(
      parseLiveBoardMessage({ ...message(3), all_time: { rows: [{ player_id: 'a' }], removed: [] } }),
    ).toBeNull();
    expect(parseLiveBoardMessage({ ...message(3), weekly: { rows: [], removed: [7] } })).toBeNull();
    expect(parseLiveBoardMessage({ seq: '3', stats })).toBeNull();
    expect(parseLiveBoardMessage({ seq: 3 })).toBeNull();
  });
});

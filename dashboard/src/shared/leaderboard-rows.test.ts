import { describe, expect, it } from 'vitest';
import { type BoardRow, markMe, parseBoardRow, parseBoardRows, rerank } from './leaderboard-rows.ts';

const row = (player_id: string, total_xp: number, weekly_xp = 0): BoardRow => ({
  rank: 0,
  player_id,
  handle: `Calm ${player_id}`,
  level: 1,
  total_xp,
  weekly_xp,
  current_streak: 0,
});

describe('board rows', () => {
  it('gives competition ranks to ties, listed in player id order as the server does', () => {
    const ranked = rerank([row('c', 5), row('b', 9), row('a', 5), row('d', 1)], 'all_time');
    expect(ranked.map((r) => [r.player_id, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });

  it('ranks the weekly board by weekly XP', () => {
    expect(rerank([row('a', 90, 1), row('b', 10, 7)], 'weekly').map((r) => r.player_id)).toEqual(['b', 'a']);
  });

  it('keeps a row that already has its rank as the same object (nothing to re-render)', () => {
    const first = rerank([row('a', 9), row('b', 5)], 'all_time');
    const again = rerank(first, 'all_time');
    expect(again[0]).toBe(first[0]);
    expect(again[1]).toBe(first[1]);
  });

  it('flags my row only', () => {
    expect(markMe([row('a', 9), row('b', 5)], 'b').map((r) => r.is_me)).toEqual([false, true]);
    expect(markMe([row('a', 9)], null).map((r) => r.is_me)).toEqual([false]);
  });

  it('reads rows from a message, dropping unknown fields, and refuses a malformed one', () => {
    expect(parseBoardRow({ ...row('a', 9), id: 7, is_me: true })).toEqual(row('a', 9));
    expect(parseBoardRow({ player_id: 'a', total_xp: 'lots' })).toBeNull();
    expect(parseBoardRows([row('a', 9), { player_id: 'b' }])).toBeNull();
    expect(parseBoardRows('rows')).toBeNull();
    expect(parseBoardRows([])).toEqual([]);
  });
});

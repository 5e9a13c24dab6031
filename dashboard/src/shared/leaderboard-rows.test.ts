import { describe, expect, it } from 'vitest';
import {
  applyPlayerStats,
  type LeaderboardRow,
  removePlayer,
  rerank,
  utcWeekStart,
} from './leaderboard-rows.ts';

const now = new Date('2026-11-22T12:00:00Z'); // a Sunday: its ISO week starts on 2026-11-16
const row = (player_id: string, total_xp: number, weekly_xp = 0, is_me = false): LeaderboardRow => ({
  rank: 0,
  player_id,
  handle: `Calm ${player_id}`,
  level: 1,
  total_xp,
  weekly_xp,
  current_streak: 0,
  is_me,
});

describe('leaderboard patches', () => {
  it('gives competition ranks to ties', () => {
    expect(
      rerank([row('a', 5), row('b', 9), row('c', 5), row('d', 1)], 'all_time').map((r) => r.rank),
    ).toEqual([1, 2, 2, 4]);
  });

  it('moves a player up when a broadcast raises their score, keeping my flag', () => {
    const rows = rerank([row('a', 50), row('b', 40), row('me', 10, 0, true)], 'all_time');
    const next = applyPlayerStats(
      rows,
      {
        player_id: 'me',
        handle: 'Calm me',
        level: 2,
        total_xp: 60,
        weekly_xp: 60,
        week_start: '2026-11-16',
        current_streak: 1,
      },
      { scope: 'all_time', limit: 100, now },
    );
    expect(next.map((r) => [r.player_id, r.rank])).toEqual([
      ['me', 1],
      ['a', 2],
      ['b', 3],
    ]);
    expect(next[0]?.is_me).toBe(true);
    expect(next[0]?.level).toBe(2);
  });

  it('counts weekly XP only for the current week', () => {
    expect(utcWeekStart(now)).toBe('2026-11-16');
    const event = {
      player_id: 'x',
      handle: 'X',
      level: 1,
      total_xp: 30,
      weekly_xp: 30,
      week_start: '2026-11-09',
      current_streak: 0,
    };
    expect(
      applyPlayerStats([row('a', 10, 10)], event, { scope: 'weekly', limit: 10, now }).map(
        (r) => r.player_id,
      ),
    ).toEqual(['a']);
  });

  it('leaves a newcomer below a full board off it', () => {
    const rows = rerank([row('a', 50), row('b', 40)], 'all_time');
    const event = {
      player_id: 'c',
      handle: 'C',
      level: 1,
      total_xp: 5,
      weekly_xp: 0,
      week_start: null,
      current_streak: 0,
    };
    expect(applyPlayerStats(rows, event, { scope: 'all_time', limit: 2, now })).toHaveLength(2);
    expect(applyPlayerStats(rows, event, { scope: 'all_time', limit: 3, now })).toHaveLength(3);
  });

  it('removes a hidden player and closes the gap', () => {
    const rows = rerank([row('a', 50), row('b', 40), row('c', 30)], 'all_time');
    expect(removePlayer(rows, 'a', 'all_time').map((r) => [r.player_id, r.rank])).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
  });
});

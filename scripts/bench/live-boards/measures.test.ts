import { describe, expect, it } from 'vitest';
import {
  firstSeqShowing,
  flushDurations,
  indexShown,
  messageRate,
  shortestGap,
  visibilityDelays,
} from './measures.ts';

describe('message rates', () => {
  it('counts receipts inside the window per second, end excluded', () => {
    const receipts = [500, 1000, 1999, 2000, 2500, 3000, 9000];
    expect(messageRate(receipts, { from: 1000, to: 3000 })).toBe(2);
    expect(messageRate([], { from: 0, to: 2000 })).toBe(0);
    expect(messageRate(receipts, { from: 5, to: 5 })).toBeNaN();
  });

  it('finds the shortest gap between consecutive receipts in the window', () => {
    expect(shortestGap([3000, 1000, 2100, 9000], { from: 0, to: 5000 })).toBe(900);
    expect(shortestGap([1000], { from: 0, to: 5000 })).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('visibility of a push on viewers', () => {
  const shown = indexShown([
    { seq: 12, rows: [{ player_id: 'a', total_xp: 130 }] },
    {
      seq: 10,
      rows: [
        { player_id: 'a', total_xp: 100 },
        { player_id: 'b', total_xp: 50 },
      ],
    },
    { seq: 11, rows: [] },
  ]);

  it('finds the first seq showing at least the pushed XP, coalesced pushes included', () => {
    expect(firstSeqShowing(shown, { playerId: 'a', totalXp: 100, at: 0 })).toBe(10);
    expect(firstSeqShowing(shown, { playerId: 'a', totalXp: 120, at: 0 })).toBe(12);
    expect(firstSeqShowing(shown, { playerId: 'a', totalXp: 131, at: 0 })).toBeUndefined();
    expect(firstSeqShowing(shown, { playerId: 'c', totalXp: 1, at: 0 })).toBeUndefined();
  });

  it('measures each viewer from the push to its first state at or after that seq', () => {
    const pushes = [
      { playerId: 'a', totalXp: 120, at: 1000 },
      { playerId: 'b', totalXp: 50, at: 400 },
      { playerId: 'c', totalXp: 5, at: 0 },
    ];
    const receipts: (readonly [number, number])[][] = [
      // Got every seq.
      [
        [10, 500],
        [11, 1500],
        [12, 2100],
      ],
      // Missed 12, then caught up with a refetch whose snapshot was seq 13.
      [
        [10, 520],
        [11, 1520],
        [13, 2600],
      ],
      // Joined late with a snapshot at seq 11: the push of b (seq 10) counts from that snapshot.
      [[11, 1700]],
      // Missed everything after 10.
      [[10, 510]],
    ];
    const result = visibilityDelays(shown, pushes, receipts);
    expect(result.pushesShown).toBe(2);
    expect(result.delays.sort((x, y) => x - y)).toEqual(
      [100, 110, 120, 1100, 1300, 1600].sort((x, y) => x - y),
    );
    expect(result.notCaughtUp).toBe(2);
  });
});

describe('flush durations', () => {
  it('pairs each message’s start with its witnessed commit and skips messages the witness missed', () => {
    const commits = new Map([
      [4, 1050],
      [5, 2300],
    ]);
    expect(
      flushDurations(
        [
          [4, 1000],
          [5, 2000],
          [6, 3000],
        ],
        commits,
      ),
    ).toEqual([50, 300]);
  });
});

import type pg from 'pg';
import {
  asDevice,
  boardRows,
  MY_RANK_SQL,
  type MyRank,
  naiveTop100Sql,
  type Probe,
  type Scope,
  TOP_100_SQL,
} from './calls.ts';

// The seed writes the histogram itself (seed.ts), so before anything is timed the answers are held to
// plain counts: get_my_rank against 1 + the players strictly above and the board's size, get_leaderboard
// against rank() over every row. The bottom player's rank sums every bucket of the board but its own, so
// one wrong count anywhere would show. A mismatch stops the benchmark: fast wrong answers are worth nothing.

export async function verifyBoard(
  client: pg.ClientBase,
  scope: Scope,
  size: number,
  probes: readonly Probe[],
): Promise<void> {
  const b = boardRows(scope);
  for (const probe of probes) {
    const { rows } = await asDevice<{ r: MyRank }>(client, probe.deviceId, MY_RANK_SQL, [scope]);
    const got = rows[0]?.r;
    const { rows: counted } = await client.query<{ above: string }>(
      `select count(*) as above from public.player_stats where ${b.where} and ${b.score} > $1`,
      [probe.score],
    );
    const want = { rank: 1 + Number(counted[0]?.above), total_players: size, score: probe.score };
    if (
      !got ||
      got.rank !== want.rank ||
      Number(got.total_players) !== want.total_players ||
      Number(got.score) !== want.score
    )
      throw new Error(
        `get_my_rank('${scope}') for the ${probe.position} player ${probe.playerId}: ` +
          `got ${JSON.stringify(got)}, a count gives ${JSON.stringify(want)}`,
      );
  }

  const device = probes[0]?.deviceId;
  if (device === undefined) throw new Error('no probe to call get_leaderboard from');
  const ours = await asDevice<{ rank: string; player_id: string }>(client, device, TOP_100_SQL, [scope]);
  const naive = await client.query<{ rank: string; player_id: string }>(naiveTop100Sql(scope));
  const line = (r: { rank: string; player_id: string }) => `${r.rank} ${r.player_id}`;
  const a = ours.rows.map(line).join('\n');
  const n = naive.rows.map(line).join('\n');
  if (a !== n || ours.rows.length !== Math.min(100, size))
    throw new Error(`get_leaderboard('${scope}') differs from rank() over the whole board`);
}

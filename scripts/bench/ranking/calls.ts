import { setPersona } from '@breath-master/devstack/testing';
import type pg from 'pg';

// The two RPCs as a device calls them, and the queries a newcomer would write instead.
//
// A device's call is what the gateway runs for POST /rest/v1/rpc/…: a transaction, the role and
// request.jwt.claims of the device's token set transaction-locally, the one statement, the end of the
// transaction. Only the statement is timed: the rest is the same for every RPC.
// The naive queries run as the superuser with the player's id at hand (no RLS, no function call, no
// bookkeeping), which only flatters them.

export type Scope = 'all_time' | 'weekly';
export const SCOPES: readonly Scope[] = ['all_time', 'weekly'];

/** A listed player on a board and the device it is called from. */
export interface Probe {
  position: 'top' | 'median' | 'bottom' | 'sample';
  deviceId: string;
  playerId: string;
  score: number;
}

/**
 * The board's rows as get_leaderboard and get_my_rank define them. The week is spelled as a newcomer would:
 * private.current_week() cannot be inlined (it pins its search_path), so in a filter it would be called
 * once per row.
 */
export function boardRows(scope: Scope): { score: string; where: string } {
  return scope === 'weekly'
    ? {
        score: 'weekly_xp',
        where: `show_on_leaderboard and weekly_xp > 0 and week_start = date_trunc('week', now() at time zone 'utc')::date`,
      }
    : { score: 'total_xp', where: 'show_on_leaderboard and total_xp > 0' };
}

export async function boardSize(client: pg.ClientBase, scope: Scope): Promise<number> {
  const b = boardRows(scope);
  const { rows } = await client.query<{ n: string }>(
    `select count(*) as n from public.player_stats where ${b.where}`,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The player at this 0-based position of the board (ties broken by player id, as the boards do). */
export async function playerAt(
  client: pg.ClientBase,
  scope: Scope,
  offset: number,
  position: Probe['position'],
): Promise<Probe> {
  const b = boardRows(scope);
  const { rows } = await client.query<{ device_id: string; player_id: string; score: string }>(
    `select d.user_id as device_id, s.player_id, s.${b.score} as score
     from (select player_id, ${b.score} from public.player_stats where ${b.where}
           order by ${b.score} desc, player_id offset $1 limit 1) s
     join public.player_devices d on d.player_id = s.player_id
     limit 1`,
    [offset],
  );
  const row = rows[0];
  if (!row) throw new Error(`no player at position ${offset} of the ${scope} board`);
  return { position, deviceId: row.device_id, playerId: row.player_id, score: Number(row.score) };
}

/** Runs `sql` in a transaction as the device, as the gateway would; returns the statement's time and rows. */
export async function asDevice<R extends pg.QueryResultRow>(
  client: pg.ClientBase,
  deviceId: string,
  sql: string,
  params: unknown[],
): Promise<{ ms: number; rows: R[] }> {
  await client.query('begin read only');
  try {
    await setPersona(client, { userId: deviceId });
    const t0 = performance.now();
    const { rows } = await client.query<R>(sql, params);
    return { ms: performance.now() - t0, rows };
  } finally {
    await client.query('rollback');
  }
}

export async function timed<R extends pg.QueryResultRow>(
  client: pg.ClientBase,
  sql: string,
  params: unknown[],
): Promise<{ ms: number; rows: R[] }> {
  const t0 = performance.now();
  const { rows } = await client.query<R>(sql, params);
  return { ms: performance.now() - t0, rows };
}

export interface MyRank {
  rank: number | null;
  total_players: number;
  score: number;
}

export const MY_RANK_SQL = 'select public.get_my_rank($1, null) as r';
export const TOP_100_SQL = 'select * from public.get_leaderboard($1, null, 100)';

/** Rank everyone with a window function, then pick mine. */
export function naiveMyRankSql(scope: Scope): string {
  const b = boardRows(scope);
  return `select rank, total_players from (
    select player_id, dense_rank() over (order by ${b.score} desc) as rank, count(*) over () as total_players
    from public.player_stats where ${b.where}
  ) ranked where player_id = $1`;
}

/** Rank everyone with a window function, then keep the first hundred. */
export function naiveTop100Sql(scope: Scope): string {
  const b = boardRows(scope);
  return `select * from (
    select player_id, handle, level, total_xp, weekly_xp, rank() over (order by ${b.score} desc) as rank
    from public.player_stats where ${b.where}
  ) ranked order by rank, player_id limit 100`;
}

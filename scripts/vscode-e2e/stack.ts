// The local Supabase stack for the sync scenarios (embedded PostgreSQL, migrations, the gateway on
// a free port), and the two kinds of outside observers the tests use: the service role, which
// sees every row, and the public anon key, which sees what any visitor of the leaderboard sees.
import { type Devstack, startTestStack } from '@breath-master/devstack';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';

export type TestStack = Pick<Devstack, 'apiUrl' | 'anonKey' | 'serviceRoleKey' | 'dbUrl' | 'stop'>;

export function startStack(): Promise<TestStack> {
  return startTestStack();
}

const noSession = { auth: { persistSession: false, autoRefreshToken: false } };

/** A client with the service role key: reads every table past row-level security. */
export function serviceClient(stack: TestStack): SupabaseClient {
  return createClient(stack.apiUrl, stack.serviceRoleKey, noSession);
}

/** A client with only the public key: what an anonymous visitor of the dashboard can call. */
export function publicClient(stack: TestStack): SupabaseClient {
  return createClient(stack.apiUrl, stack.anonKey, noSession);
}

export interface DayRow {
  day: string;
  xp: number;
  cycles: number;
  seconds: number;
}

/** The player's daily totals summed over its devices, as the server holds them. */
export async function serverDays(stack: TestStack, playerId: string): Promise<Record<string, DayRow>> {
  const { data, error } = await serviceClient(stack)
    .from('daily_progress')
    .select('day, xp, cycles, seconds')
    .eq('player_id', playerId);
  if (error) throw new Error(`reading daily_progress failed: ${error.message}`);
  const days: Record<string, DayRow> = {};
  for (const row of data as DayRow[]) {
    const sum = days[row.day] ?? { day: row.day, xp: 0, cycles: 0, seconds: 0 };
    days[row.day] = {
      day: row.day,
      xp: sum.xp + row.xp,
      cycles: sum.cycles + row.cycles,
      seconds: sum.seconds + row.seconds,
    };
  }
  return days;
}

export async function countRows(
  stack: TestStack,
  table: string,
  column: string,
  value: string,
): Promise<number> {
  const { count, error } = await serviceClient(stack)
    .from(table)
    .select('*', { count: 'exact', head: true })
    .eq(column, value);
  if (error) throw new Error(`counting ${table} failed: ${error.message}`);
  return count ?? 0;
}

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { expect, inject } from 'vitest';

// Each test file works in its own database cloned from the migrated template, through one connection.
// Tests run inside a transaction that is always rolled back (inTransaction), switching personas with
// `set local role` and request.jwt.claims the way PostgREST does for each request.

export type Persona =
  | { readonly role: 'anon' }
  | { readonly role: 'service_role' }
  | { readonly role: 'authenticated'; readonly userId: string }
  | { readonly role: 'postgres' };

export const anon: Persona = { role: 'anon' };
export const serviceRole: Persona = { role: 'service_role' };
export const superuser: Persona = { role: 'postgres' };
export const device = (userId: string): Persona => ({ role: 'authenticated', userId });

export interface TestDatabase {
  readonly client: pg.Client;
  readonly url: string;
  close(): Promise<void>;
}

// Dates and big integers come back as text, so assertions compare exactly what the API would return.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => {
    if (oid === 1082 || oid === 1114 || oid === 1184) return (value: string) => value;
    if (oid === 20) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminUrl');
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDatabase')}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  return {
    client,
    url,
    async close() {
      await client.end();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** Runs fn inside a transaction that is always rolled back. */
export async function inTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    return await fn();
  } finally {
    await client.query('rollback');
  }
}

/** Switches the current transaction to a persona, as PostgREST does for a request. */
export async function become(client: pg.Client, persona: Persona): Promise<void> {
  await client.query('reset role');
  if (persona.role === 'postgres') {
    await client.query(`select set_config('request.jwt.claims', '{}', true)`);
    return;
  }
  const claims =
    persona.role === 'authenticated'
      ? { sub: persona.userId, role: 'authenticated', aud: 'authenticated', is_anonymous: true }
      : { role: persona.role };
  await client.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claims)]);
  await client.query(`set local role ${persona.role}`);
}

/** Runs one query as a persona inside the current transaction, then returns to the superuser. */
export async function queryAs<R extends pg.QueryResultRow = Record<string, unknown>>(
  client: pg.Client,
  persona: Persona,
  text: string,
  values: unknown[] = [],
): Promise<R[]> {
  await become(client, persona);
  // On failure the transaction is aborted; expectError rolls back to its savepoint and resets the role.
  const rows = (await client.query<R>(text, values)).rows;
  await become(client, superuser);
  return rows;
}

/** Calls public.<fn>(name => value, ...) as a persona and returns its single value. */
export async function rpc<T = unknown>(
  client: pg.Client,
  persona: Persona,
  fn: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const names = Object.keys(args);
  const list = names.map((name, i) => `${name} => $${i + 1}`).join(', ');
  const rows = await queryAs<{ result: T }>(
    client,
    persona,
    `select public.${fn}(${list}) as result`,
    names.map((n) => args[n]),
  );
  return rows[0]?.result as T;
}

export interface ExpectedError {
  readonly code: string;
  readonly message?: string;
}

/** Asserts that fn fails with the given SQLSTATE (and stable message), rolling back to before it ran. */
export async function expectError(
  client: pg.Client,
  fn: () => Promise<unknown>,
  expected: ExpectedError,
): Promise<void> {
  await client.query('savepoint expect_error');
  let failure: unknown;
  try {
    await fn();
  } catch (error) {
    failure = error;
  }
  await client.query('rollback to savepoint expect_error');
  await become(client, superuser);
  expect(failure, `expected ${expected.code} ${expected.message ?? ''}`).toBeInstanceOf(Error);
  const { code, message } = failure as { code?: string; message?: string };
  expect({ code, message: expected.message === undefined ? undefined : message }).toEqual({
    code: expected.code,
    message: expected.message,
  });
}

/** A new anonymous auth user: one device. */
export async function createDevice(client: pg.Client): Promise<string> {
  const id = randomUUID();
  await client.query(
    `insert into auth.users (id, aud, role, is_anonymous, created_at) values ($1, 'authenticated', 'authenticated', true, now())`,
    [id],
  );
  return id;
}

/** The server's UTC date, which sync_progress checks `today` against. */
export async function serverToday(client: pg.Client): Promise<string> {
  const rows = await client.query<{ today: string }>(
    `select (now() at time zone 'utc')::date::text as today`,
  );
  return rows.rows[0]?.today ?? '';
}

/** A calendar day offset from another, as YYYY-MM-DD. */
export function addDays(day: string, offset: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
}

export interface DayCounters {
  day: string;
  xp: number;
  cycles: number;
  seconds: number;
}

export interface MyStats {
  player_id: string;
  handle: string;
  show_on_leaderboard: boolean;
  total_xp: number;
  level: number;
  total_cycles: number;
  total_seconds: number;
  active_days: number;
  current_streak: number;
  longest_streak: number;
  last_active_day: string | null;
  week_start: string;
  weekly_xp: number;
  device_count: number;
}

/** Pushes counters from a device with sync_progress. */
export function push(
  client: pg.Client,
  userId: string,
  days: readonly DayCounters[],
  today: string,
  deviceKind?: string,
): Promise<MyStats> {
  const args: Record<string, unknown> = { days: JSON.stringify(days), today };
  if (deviceKind !== undefined) args.device_kind = deviceKind;
  return rpc<MyStats>(client, device(userId), 'sync_progress', args);
}

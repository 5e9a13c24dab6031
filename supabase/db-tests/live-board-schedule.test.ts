import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from './support/cluster.ts';
import { createTestDatabase, inTransaction, type TestDatabase } from './support/database.ts';

// The migration that schedules the flush every second, applied again inside rolled-back transactions: with a
// `cron` schema (pg_cron, or the devstack's stand-in) it schedules the job; without one it still applies and
// says that nothing is scheduled.

const MIGRATION = '20261203120600_schedule_live_board_flush.sql';
const JOB = 'breath-master-live-boards';

let db: TestDatabase;
let schedule: string;
beforeAll(async () => {
  db = await createTestDatabase();
  schedule = await readFile(join(MIGRATIONS_DIR, MIGRATION), 'utf8');
});
afterAll(() => db.close());

/** Runs SQL and returns the notices and warnings it raised. */
async function notices(client: pg.Client, sql: string): Promise<string[]> {
  const heard: string[] = [];
  const listener = (notice: { message?: string }) => heard.push(notice.message ?? '');
  client.on('notice', listener);
  try {
    await client.query(sql);
  } finally {
    client.off('notice', listener);
  }
  return heard;
}

async function hasCron(): Promise<boolean> {
  const rows = await db.client.query(`select to_regnamespace('cron') is not null as present`);
  return rows.rows[0].present;
}

// pg_cron's SQL surface as far as the migration uses it, for a server whose bootstrap has none.
const CRON_STAND_IN = `
  create schema cron;
  create table cron.job (jobid bigserial primary key, schedule text not null, command text not null,
    username text not null default current_user, jobname text, unique (jobname, username));
  create function cron.schedule(job_name text, schedule text, command text) returns bigint language sql as $$
    insert into cron.job (schedule, command, jobname) values (schedule, command, job_name)
    on conflict (jobname, username) do update set schedule = excluded.schedule, command = excluded.command
    returning jobid;
  $$;`;

describe('the live-board schedule', () => {
  it('runs private.flush_live_boards() every second as one job where a cron schema exists', () =>
    inTransaction(db.client, async () => {
      if (!(await hasCron())) await db.client.query(CRON_STAND_IN);
      await db.client.query('delete from cron.job where jobname = $1', [JOB]);
      await db.client.query(schedule);
      // Applying it again replaces the job rather than adding a second one.
      await db.client.query(schedule);
      const jobs = await db.client.query('select schedule, command from cron.job where jobname = $1', [JOB]);
      expect(jobs.rows).toEqual([{ schedule: '1 seconds', command: 'select private.flush_live_boards()' }]);
    }));

  it('applies without a cron schema, saying that nothing is scheduled', () =>
    inTransaction(db.client, async () => {
      await db.client.query('drop schema if exists cron cascade');
      const said = await notices(db.client, schedule);
      expect(said.some((m) => /not scheduled/.test(m))).toBe(true);
      expect(await hasCron()).toBe(false);
    }));
});

import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../realtime/test-clients.ts';
import { createTestDatabase, type TestDatabase } from '../testing/index.ts';
import { type CronScheduler, startCronScheduler } from './scheduler.ts';

// The scheduler against a real database with the bootstrap's cron catalogue: jobs are scheduled with
// cron.schedule exactly as a migration would, and their effects read back from a table.

let db: TestDatabase;
let admin: pg.Pool;
let scheduler: CronScheduler | null = null;
const logs: string[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  admin = new pg.Pool({ connectionString: db.connectionString, max: 2 });
  admin.on('error', () => {});
  // Migrations may schedule their own jobs; these tests want only theirs.
  await admin.query('delete from cron.job');
  await admin.query(`create table public.cron_runs (
    job text not null, started_at timestamptz not null default clock_timestamp(), who text default current_user)`);
});
afterEach(async () => {
  await scheduler?.close();
  scheduler = null;
  await admin.query('delete from cron.job');
  await admin.query('truncate public.cron_runs');
  logs.length = 0;
});
afterAll(async () => {
  await admin?.end();
  await db?.drop();
});

const start = (tickMs = 100) => {
  scheduler = startCronScheduler({
    connectionString: db.connectionString,
    log: (line) => logs.push(line),
    tickMs,
  });
  return scheduler;
};

async function runs(job: string): Promise<Date[]> {
  const { rows } = await admin.query<{ started_at: Date }>(
    'select started_at from public.cron_runs where job = $1 order by started_at',
    [job],
  );
  return rows.map((r) => r.started_at);
}

describe('the cron catalogue (bootstrap stand-in for pg_cron)', () => {
  it('upserts by job name as pg_cron does: same jobid, new schedule and command', async () => {
    const first = await admin.query<{ id: string }>(
      `select cron.schedule('nightly', '0 3 * * *', 'select 1') as id`,
    );
    const again = await admin.query<{ id: string }>(
      `select cron.schedule('nightly', '0 4 * * *', 'select 2') as id`,
    );
    expect(again.rows[0]?.id).toBe(first.rows[0]?.id);
    const { rows } = await admin.query(
      'select jobname, schedule, command, username, active, database from cron.job',
    );
    expect(rows).toEqual([
      {
        jobname: 'nightly',
        schedule: '0 4 * * *',
        command: 'select 2',
        username: 'postgres',
        active: true,
        database: db.name,
      },
    ]);
  });

  it('unschedules by name (an error for an unknown name) and refuses a malformed schedule', async () => {
    await admin.query(`select cron.schedule('gone', '1 seconds', 'select 1')`);
    expect((await admin.query(`select cron.unschedule('gone') as ok`)).rows[0]).toEqual({ ok: true });
    await expect(admin.query(`select cron.unschedule('gone')`)).rejects.toThrow(
      "could not find valid entry for job 'gone'",
    );
    await expect(admin.query(`select cron.schedule('bad', '* * * *', 'select 1')`)).rejects.toThrow(
      'invalid schedule: * * * *',
    );
  });

  it('is reachable only by its owner: API roles have no usage on the schema', async () => {
    const client = await admin.connect();
    try {
      await client.query('begin');
      await client.query('set local role authenticated');
      await expect(client.query(`select cron.schedule('x', '1 seconds', 'select 1')`)).rejects.toThrow(
        'permission denied for schema cron',
      );
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});

describe('startCronScheduler', () => {
  it("runs a '1 seconds' job about once a second", async () => {
    await admin.query(
      `select cron.schedule('tick', '1 seconds', $$insert into public.cron_runs (job) values ('tick')$$)`,
    );
    start();
    await until(() => (scheduler?.stats()[0]?.runs ?? 0) >= 3, 'three runs', 6000);
    const times = await runs('tick');
    for (let i = 1; i < times.length; i += 1) {
      const gap = (times[i] as Date).getTime() - (times[i - 1] as Date).getTime();
      expect(gap).toBeGreaterThan(700);
      expect(gap).toBeLessThan(1800);
    }
    expect(scheduler?.stats()[0]).toMatchObject({ jobname: 'tick', failures: 0 });
  });

  it('never runs two of one job at once: a slow run delays the next', async () => {
    await admin.query(
      `select cron.schedule('slow', '1 seconds', $$insert into public.cron_runs (job) values ('slow'); select pg_sleep(1.5)$$)`,
    );
    start();
    await until(() => (scheduler?.stats()[0]?.runs ?? 0) >= 2, 'two slow runs', 8000);
    const times = await runs('slow');
    expect(times.length).toBeGreaterThanOrEqual(2);
    const gap = (times[1] as Date).getTime() - (times[0] as Date).getTime();
    expect(gap).toBeGreaterThanOrEqual(1450);
  });

  it('logs a failing job once with its name and keeps running the others', async () => {
    await admin.query(`select cron.schedule('broken', '1 seconds', 'select 1/0')`);
    await admin.query(
      `select cron.schedule('fine', '1 seconds', $$insert into public.cron_runs (job) values ('fine')$$)`,
    );
    start();
    await until(
      () => (scheduler?.stats().find((s) => s.jobname === 'broken')?.failures ?? 0) >= 3,
      'three failures',
      6000,
    );
    expect(logs.filter((line) => line.includes('broken'))).toEqual([
      "cron job broken scheduled: '1 seconds'",
      'cron job broken failed: division by zero',
    ]);
    expect((await runs('fine')).length).toBeGreaterThanOrEqual(2);
  });

  it('logs a schedule it cannot parse once and runs nothing for it', async () => {
    // Written past cron.schedule's check, as a row pg_cron itself might hold.
    await admin.query(
      `insert into cron.job (jobname, schedule, command) values ('odd', '*/5 * * * * *', 'select 1')`,
    );
    start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(logs).toEqual([
      expect.stringMatching(/^cron job odd is not scheduled: cannot parse '\*\/5 \* \* \* \* \*'/),
    ]);
    expect(scheduler?.stats()[0]).toMatchObject({ runs: 0 });
  });

  it('runs as the job user, and stops a job once it is unscheduled or inactive', async () => {
    await admin.query(`grant insert on public.cron_runs to service_role`);
    await admin.query(
      `insert into cron.job (jobname, schedule, command, username) values ('as-service', '1 seconds', $$insert into public.cron_runs (job) values ('as-service')$$, 'service_role')`,
    );
    start();
    await until(() => (scheduler?.stats()[0]?.runs ?? 0) >= 1, 'a run as service_role', 4000);
    const { rows } = await admin.query(`select distinct who from public.cron_runs where job = 'as-service'`);
    expect(rows).toEqual([{ who: 'service_role' }]);
    await admin.query(`update cron.job set active = false`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = (await runs('as-service')).length;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await runs('as-service')).length).toBe(before);
  });
});

import pg from 'pg';

// The live boards are sent by private.flush_live_boards(), which a schedule runs every second
// (pg_cron's job `breath-master-live-boards`; the devstack runs cron.job rows itself). Where that job
// is not there, the benchmark runs the flush once a second as the superuser, as the job would.

const JOB = 'breath-master-live-boards';
const INTERVAL_MS = 1000;

export interface Flusher {
  /** Who runs the flush: 'schedule' (the stack's cron.job) or 'benchmark'. */
  by: 'schedule' | 'benchmark';
  /** Runs one flush now (after the load, so that the last changes go out). */
  flushNow(): Promise<void>;
  /** Flushes run by the benchmark that failed, with the first error. */
  failures(): { count: number; first: string | null };
  stop(): Promise<void>;
}

/** True when the database has the flush, i.e. the live-boards design. */
export async function hasLiveBoards(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(
    `select to_regprocedure('private.flush_live_boards()') is not null as found`,
  );
  return rows[0]?.found === true;
}

async function scheduled(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ table: string | null }>(
    `select to_regclass('cron.job')::text as table`,
  );
  if (!rows[0]?.table) return false;
  const jobs = await client.query('select 1 from cron.job where jobname = $1 and active', [JOB]);
  return (jobs.rowCount ?? 0) > 0;
}

export async function startFlusher(dbUrl: string): Promise<Flusher> {
  const client = new pg.Client({ connectionString: dbUrl, application_name: 'live-boards bench flusher' });
  await client.connect();
  const flushNow = async () => {
    await client.query('select private.flush_live_boards()');
  };
  let count = 0;
  let first: string | null = null;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  const by = (await scheduled(client)) ? 'schedule' : 'benchmark';
  if (by === 'benchmark') {
    timer = setInterval(() => {
      // A flush slower than the interval is not queued behind: the next tick comes after it, as pg_cron
      // never starts a job while its previous run goes on.
      running ??= flushNow()
        .catch((error: unknown) => {
          count += 1;
          first ??= error instanceof Error ? error.message : String(error);
        })
        .finally(() => {
          running = null;
        });
    }, INTERVAL_MS);
  }
  return {
    by,
    flushNow,
    failures: () => ({ count, first }),
    async stop() {
      clearInterval(timer);
      await running;
      await client.end();
    },
  };
}

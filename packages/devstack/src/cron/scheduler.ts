import pg from 'pg';
import { matchesMinute, parseSchedule, type Schedule } from './schedule.ts';

// Runs the rows of `cron.job` the way pg_cron's background worker does, for databases without pg_cron
// (the embedded PostgreSQL, with the stand-in catalogue of sql/bootstrap/090_cron.sql). Every tick
// (a second) it re-reads the active jobs of this database, so cron.schedule/unschedule take effect
// within a second; interval jobs ('N seconds') start every N seconds, cron entries once in each
// matching UTC minute. One run of a job at a time: a run that comes due while the previous one is
// still going waits for it and starts right after (pg_cron queues it the same way). Each run is the
// job's command sent as one simple query on a pooled superuser connection, under `set role` to the
// job's user when that is not the pool's user. Where the real pg_cron extension is installed it stays
// idle: pg_cron's worker runs those rows.

export interface CronSchedulerOptions {
  /** A superuser connection string of the database whose `cron.job` rows to run. */
  connectionString: string;
  log: (line: string) => void;
  /** Default 1000 ms. */
  tickMs?: number;
  /** Connections for job runs. Default 2. */
  poolMax?: number;
}

export interface CronJobStats {
  jobid: number;
  jobname: string | null;
  runs: number;
  failures: number;
  running: boolean;
  lastError: string | null;
}

export interface CronScheduler {
  /** Per job seen since start, by jobid. */
  stats(): CronJobStats[];
  /** Stops ticking, waits for running jobs (up to 5 s) and closes the pool. */
  close(): Promise<void>;
}

interface JobRow {
  jobid: string;
  jobname: string | null;
  schedule: string;
  command: string;
  username: string;
}

interface JobState {
  row: JobRow;
  schedule: Schedule | null;
  lastStart: number;
  /** The UTC minute (ms) last considered for a cron entry. */
  lastMinute: number;
  running: Promise<void> | null;
  pending: boolean;
  stats: CronJobStats;
  /** The last error logged and how often it repeated since, so a job failing every second logs once. */
  repeatedError: { message: string; count: number } | null;
}

const CLOSE_WAIT_MS = 5_000;
// Ticks are timers and drift by a few ms: an interval job counts as due this much early.
const DUE_SLACK_MS = 100;
const READ_JOBS = `
  select jobid::text, jobname, schedule, command, username
  from cron.job
  where active and database = pg_catalog.current_database()
  order by jobid`;

export function startCronScheduler(opts: CronSchedulerOptions): CronScheduler {
  const tickMs = opts.tickMs ?? 1000;
  const pool = new pg.Pool({ connectionString: opts.connectionString, max: opts.poolMax ?? 2 });
  // An idle connection lost (the server stopping) is replaced on next use.
  pool.on('error', () => {});
  const jobs = new Map<string, JobState>();
  const unparsable = new Set<string>();
  let poolUser: string | null = null;
  let readFailure: string | null = null;
  let missingCatalogue = false;
  let nativeCron = false;
  let closed = false;
  let ticking = false;

  const runJob = (job: JobState): void => {
    job.lastStart = Date.now();
    job.pending = false;
    job.stats.running = true;
    job.running = (async () => {
      const name = job.row.jobname ?? `jobid ${job.row.jobid}`;
      try {
        await execute(job.row);
        job.stats.runs += 1;
        if (job.repeatedError !== null) {
          opts.log(`cron job ${name} succeeded again${repeats(job.repeatedError.count)}`);
          job.repeatedError = null;
        }
      } catch (error) {
        job.stats.failures += 1;
        const message = error instanceof Error ? error.message : String(error);
        job.stats.lastError = message;
        if (job.repeatedError?.message === message) job.repeatedError.count += 1;
        else {
          if (job.repeatedError !== null && job.repeatedError.count > 0)
            opts.log(`cron job ${name}: previous error${repeats(job.repeatedError.count)}`);
          job.repeatedError = { message, count: 0 };
          if (!closed) opts.log(`cron job ${name} failed: ${message}`);
        }
      } finally {
        job.running = null;
        job.stats.running = false;
        if (job.pending && !closed && jobs.get(job.row.jobid) === job) runJob(job);
      }
    })();
  };

  const execute = async (row: JobRow): Promise<void> => {
    const client = await pool.connect();
    let broken = false;
    try {
      poolUser ??= (await client.query<{ u: string }>('select current_user as u')).rows[0]?.u ?? null;
      const switchRole = row.username !== poolUser;
      if (switchRole) await client.query(`set role ${client.escapeIdentifier(row.username)}`);
      try {
        await client.query(row.command);
      } finally {
        if (switchRole) await client.query('reset role');
      }
    } catch (error) {
      // A failed statement leaves the session usable; a lost connection does not.
      broken = !(error instanceof pg.DatabaseError);
      throw error;
    } finally {
      client.release(broken);
    }
  };

  const due = (job: JobState, now: number): boolean => {
    const schedule = job.schedule;
    if (schedule === null) return false;
    if (schedule.kind === 'interval') return now - job.lastStart >= schedule.seconds * 1000 - DUE_SLACK_MS;
    if (schedule.kind === 'reboot') return job.lastStart === 0 && job.stats.runs === 0 && !job.pending;
    const minute = Math.floor(now / 60_000) * 60_000;
    if (minute === job.lastMinute) return false;
    job.lastMinute = minute;
    return matchesMinute(schedule, new Date(minute));
  };

  const tick = async (): Promise<void> => {
    if (ticking || closed) return;
    ticking = true;
    try {
      let rows: JobRow[];
      try {
        const found = await pool.query<{ ok: boolean; native: boolean }>(
          `select to_regclass('cron.job') is not null as ok,
                  exists (select 1 from pg_catalog.pg_extension where extname = 'pg_cron') as native`,
        );
        if (found.rows[0]?.native === true) {
          // The real pg_cron (Supabase's image behind DATABASE_URL) runs these rows itself: running
          // them here too would run every job twice.
          if (!nativeCron)
            opts.log('cron: pg_cron is installed and runs cron.job itself; the devstack does not');
          nativeCron = true;
          return;
        }
        nativeCron = false;
        if (found.rows[0]?.ok !== true) {
          if (!missingCatalogue) opts.log('cron: no cron.job table in this database, nothing to schedule');
          missingCatalogue = true;
          return;
        }
        missingCatalogue = false;
        rows = (await pool.query<JobRow>(READ_JOBS)).rows;
        if (readFailure !== null) opts.log('cron: reading cron.job works again');
        readFailure = null;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (readFailure !== message && !closed) opts.log(`cron: cannot read cron.job: ${message}`);
        readFailure = message;
        return;
      }
      const now = Date.now();
      const seen = new Set<string>();
      for (const row of rows) {
        seen.add(row.jobid);
        let job = jobs.get(row.jobid);
        if (job === undefined || job.row.schedule !== row.schedule) {
          const parsed = parseSchedule(row.schedule);
          if (!parsed.ok) {
            const key = `${row.jobid}\u0000${row.schedule}`;
            if (!unparsable.has(key)) {
              unparsable.add(key);
              opts.log(
                `cron job ${row.jobname ?? `jobid ${row.jobid}`} is not scheduled: cannot parse '${row.schedule}' (${parsed.reason})`,
              );
            }
          }
          // A cron entry first seen (or changed) mid-minute waits for the next matching minute, as in pg_cron.
          const minute = Math.floor(now / 60_000) * 60_000;
          if (job === undefined) {
            job = {
              row,
              schedule: null,
              lastStart: 0,
              lastMinute: minute,
              running: null,
              pending: false,
              stats: {
                jobid: Number(row.jobid),
                jobname: row.jobname,
                runs: 0,
                failures: 0,
                running: false,
                lastError: null,
              },
              repeatedError: null,
            };
            jobs.set(row.jobid, job);
          }
          // Changed in place: a run in progress keeps finishing on this same state.
          job.schedule = parsed.ok ? parsed.schedule : null;
          if (parsed.ok)
            opts.log(`cron job ${row.jobname ?? `jobid ${row.jobid}`} scheduled: '${row.schedule}'`);
          job.lastMinute = minute;
        }
        job.row = row;
        job.stats.jobname = row.jobname;
        if (!due(job, now)) continue;
        if (job.running !== null) job.pending = true;
        else runJob(job);
      }
      for (const id of jobs.keys()) {
        // Unscheduled or deactivated: forget it (a run in progress finishes on its own).
        if (seen.has(id)) continue;
        const gone = jobs.get(id);
        jobs.delete(id);
        opts.log(
          `cron job ${gone?.row.jobname ?? `jobid ${id}`} is no longer scheduled (unscheduled or inactive)`,
        );
      }
    } finally {
      ticking = false;
    }
  };

  // Aligned to the tick boundary of the clock, so a 1-second job starts near each whole second.
  let timer: NodeJS.Timeout | null = null;
  const schedule = (): void => {
    if (closed) return;
    const wait = tickMs - (Date.now() % tickMs);
    timer = setTimeout(() => {
      void tick().finally(schedule);
    }, wait);
    timer.unref();
  };
  void tick().finally(schedule);

  return {
    stats: () => [...jobs.values()].map((job) => ({ ...job.stats })),
    async close() {
      if (closed) return;
      closed = true;
      if (timer !== null) clearTimeout(timer);
      const running = [...jobs.values()].flatMap((job) => (job.running === null ? [] : [job.running]));
      await Promise.race([
        Promise.all(running),
        new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref()),
      ]);
      await pool.end();
    },
  };
}

function repeats(count: number): string {
  return count > 0 ? ` (the error repeated ${count} more time${count === 1 ? '' : 's'})` : '';
}

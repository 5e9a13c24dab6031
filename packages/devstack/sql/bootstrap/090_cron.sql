-- A stand-in for pg_cron's catalogue: Supabase's image and hosted projects have the extension, the
-- embedded PostgreSQL does not. Only the SQL surface migrations use is provided (`cron.job`,
-- `cron.schedule(job_name, schedule, command)`, `cron.unschedule(job_name)`, `cron.unschedule(job_id)`),
-- with pg_cron's columns, defaults and semantics (pg_cron.sql and its upgrade scripts up to 1.6);
-- the devstack's scheduler (packages/devstack/src/cron) reads `cron.job` and runs the jobs.
--
-- A database that already has a `cron` schema (pg_cron itself, behind DATABASE_URL) keeps it untouched:
-- replacing pg_cron's C functions with these would stop its background worker from seeing new jobs.
-- Hence one guarded block running each statement.
do $guard$
begin
  if to_regnamespace('cron') is not null then
    raise notice 'a cron schema already exists (pg_cron?): the devstack stand-in is not installed';
    return;
  end if;

  -- As pg_cron: the schema belongs to its owner (postgres) and nobody else gets usage on it, so only
  -- postgres (or a role it grants usage to) can schedule jobs.
  execute $ddl$ create schema cron $ddl$;
  execute $ddl$
    comment on schema cron is
      'Devstack stand-in for pg_cron''s catalogue: jobs scheduled here are run by the devstack scheduler.'
  $ddl$;
  execute $ddl$ create sequence cron.jobid_seq $ddl$;
  execute $ddl$
    create table cron.job (
      jobid bigint primary key default pg_catalog.nextval('cron.jobid_seq'),
      schedule text not null,
      command text not null,
      nodename text not null default 'localhost',
      nodeport int not null default pg_catalog.inet_server_port(),
      database text not null default pg_catalog.current_database(),
      username text not null default current_user,
      active boolean not null default true,
      jobname text,
      constraint jobname_username_uniq unique (jobname, username)
    )
  $ddl$;
  execute $ddl$
    comment on table cron.job is
      'Scheduled jobs, with pg_cron''s columns. The devstack scheduler re-reads the active rows on every tick.'
  $ddl$;
  execute $ddl$ alter sequence cron.jobid_seq owned by cron.job.jobid $ddl$;
  -- pg_cron lets every role see (and RLS limits to) its own jobs; without usage on the schema only the
  -- owner can reach the table, as in pg_cron.
  execute $ddl$ grant select on cron.job to public $ddl$;
  execute $ddl$ alter table cron.job enable row level security $ddl$;
  execute $ddl$ create policy cron_job_policy on cron.job using (username = current_user) $ddl$;

  -- pg_cron's cron_schedule_named: insert, or on the same (jobname, username) replace schedule,
  -- command and database (active and the jobid are kept). The schedule is checked by the devstack's
  -- scheduler, which logs one it cannot parse; pg_cron refuses it here with "invalid schedule". The
  -- check below covers pg_cron's two families (interval and five cron fields) without parsing them.
  execute $ddl$
    create function cron.schedule(job_name text, schedule text, command text)
    returns bigint
    language plpgsql
    set search_path = ''
    as $fn$
    declare
      id bigint;
    begin
      if job_name is null then
        raise exception 'job_name can not be NULL';
      elsif schedule is null then
        raise exception 'schedule can not be NULL';
      elsif command is null then
        raise exception 'command can not be NULL';
      end if;
      if not (
        pg_catalog.lower(schedule) operator(pg_catalog.~) '^\s*[0-9]+\s+seconds?\s*$'
        or schedule operator(pg_catalog.~) '^\s*@[a-z]+\s*$'
        or pg_catalog.array_length(pg_catalog.regexp_split_to_array(pg_catalog.btrim(schedule), '\s+'), 1) = 5
      ) then
        raise exception using
          errcode = '22023',
          message = pg_catalog.format('invalid schedule: %s', schedule),
          hint = 'Use cron format (e.g. 5 4 * * *), or interval format ''[1-59] seconds''';
      end if;
      insert into cron.job (schedule, command, jobname)
      values (schedule, command, job_name)
      on conflict on constraint jobname_username_uniq
      do update set schedule = excluded.schedule, command = excluded.command, database = excluded.database
      returning jobid into id;
      return id;
    end
    $fn$
  $ddl$;
  execute $ddl$
    comment on function cron.schedule(text, text, text) is
      'schedule a pg_cron job (devstack stand-in: upserts by job name and user, as pg_cron does)'
  $ddl$;

  -- pg_cron's cron_unschedule_named: deletes the caller's job of that name, an error when there is none.
  execute $ddl$
    create function cron.unschedule(job_name text)
    returns boolean
    language plpgsql
    set search_path = ''
    as $fn$
    begin
      if job_name is null then
        raise exception 'job_name can not be NULL';
      end if;
      delete from cron.job j where j.jobname = job_name and j.username = current_user;
      if not found then
        raise exception 'could not find valid entry for job ''%''', job_name;
      end if;
      return true;
    end
    $fn$
  $ddl$;
  execute $ddl$
    comment on function cron.unschedule(text) is
      'unschedule a pg_cron job (devstack stand-in)'
  $ddl$;

  execute $ddl$
    create function cron.unschedule(job_id bigint)
    returns boolean
    language plpgsql
    set search_path = ''
    as $fn$
    begin
      delete from cron.job j where j.jobid = job_id;
      if not found then
        raise exception 'could not find valid entry for job %', job_id;
      end if;
      return true;
    end
    $fn$
  $ddl$;
  execute $ddl$
    comment on function cron.unschedule(bigint) is
      'unschedule a pg_cron job by id (devstack stand-in)'
  $ddl$;
end
$guard$;

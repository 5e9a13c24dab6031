-- Run private.flush_live_boards() every second as the pg_cron job `breath-master-live-boards`.
--
-- Hosted Supabase and `supabase start` ship pg_cron (second schedules need 1.5 or later): it is created here
-- when the `cron` schema does not exist yet and the server offers the extension. The devstack provides its own
-- minimal `cron` schema (cron.job, cron.schedule, cron.unschedule) and runs the same rows itself. A server
-- with neither still applies this migration, and says that nothing is scheduled: run the flush some other way
-- (any client holding the database owner's rights, once a second), or live boards never update.
-- All cron calls are dynamic SQL, so the migration compiles where the schema is missing.

do $$
begin
  if to_regnamespace('cron') is null
     and exists (select 1 from pg_catalog.pg_available_extensions e where e.name = 'pg_cron') then
    begin
      create extension if not exists pg_cron;
    exception when others then
      -- Offered but not loadable (pg_cron must be in shared_preload_libraries): say why, apply the rest.
      raise warning 'pg_cron is installed but could not be created (%): live boards are not scheduled', sqlerrm;
    end;
  end if;

  if to_regnamespace('cron') is null then
    raise notice 'no cron schema: live boards are not scheduled; call private.flush_live_boards() every second';
    return;
  end if;

  -- cron.schedule with an existing name replaces that job's schedule and command.
  execute 'select cron.schedule($1, $2, $3)'
    using 'breath-master-live-boards', '1 seconds', 'select private.flush_live_boards()';
end;
$$;

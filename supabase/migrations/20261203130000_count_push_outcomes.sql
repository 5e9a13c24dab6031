-- Count pushes accepted and refused, per UTC day and refusal code, with no personal data.
--
-- The operator's view (/admin) shows how many pushes sync_progress accepted each day and how many its
-- plausibility rules refused, by stable code. Two things make the obvious designs wrong:
-- 1. A refused push raises, and the raise rolls back everything its transaction wrote: a counter row
--    incremented before the raise would vanish with it. PostgreSQL sequences are not transactional:
--    `nextval` survives the rollback. So each outcome has a sequence, advanced by the push itself: a
--    refusal advances its code's sequence in an exception handler around the validation (which writes
--    nothing, so its subtransaction costs no transaction id) and re-raises the same error; an accepted
--    push advances `private.pushes_accepted` as its last step.
-- 2. A counter row per day updated by every push would be one hot row all pushes wait on. A sequence is
--    one buffer touched under a short lock, with no row lock held to commit and no dead tuple left behind.
-- `private.snapshot_push_counts()` (pg_cron, every minute, and at the start of admin_daily_activity so the
-- view is current) reads each sequence, adds what it advanced since the last snapshot to today's row of
-- `private.push_counts`, and remembers the value it counted up to. A day's figure therefore holds the pushes
-- counted by that day's snapshots: at most a minute's pushes before midnight UTC land on the next day.
-- Known limits, accepted for an operator's figure: after a crash a sequence may jump ahead by up to 32
-- (PostgreSQL logs sequences 32 values ahead), counting up to 32 pushes that never happened; an accepted
-- push whose commit then fails (the connection drops) is still counted. Neither can undercount a refusal.
-- What is kept is (day, code, count): no device, player, payload or time of day.

create table private.push_counters (
  code text primary key,
  counter regclass not null,
  counted bigint not null default 0
);
comment on table private.push_counters is
  'One sequence per push outcome (accepted, or a refusal code) and the value the last snapshot counted up to.';
alter table private.push_counters enable row level security;

create table private.push_counts (
  day date not null,
  code text not null references private.push_counters (code),
  count bigint not null,
  primary key (day, code)
);
comment on table private.push_counts is
  'Pushes per UTC day and outcome (accepted, or the stable code that refused them), written by the snapshot.';
alter table private.push_counts enable row level security;
create index push_counts_code_idx on private.push_counts (code);

create sequence private.pushes_accepted;
comment on sequence private.pushes_accepted is 'Advanced by every accepted sync_progress push (survives rollbacks).';
create sequence private.pushes_refused_invalid_payload;
comment on sequence private.pushes_refused_invalid_payload is 'Pushes refused with invalid_payload.';
create sequence private.pushes_refused_too_many_days;
comment on sequence private.pushes_refused_too_many_days is 'Pushes refused with too_many_days.';
create sequence private.pushes_refused_day_out_of_window;
comment on sequence private.pushes_refused_day_out_of_window is 'Pushes refused with day_out_of_window.';
create sequence private.pushes_refused_today_out_of_window;
comment on sequence private.pushes_refused_today_out_of_window is 'Pushes refused with today_out_of_window.';
create sequence private.pushes_refused_implausible_counters;
comment on sequence private.pushes_refused_implausible_counters is 'Pushes refused with implausible_counters.';
-- A PT400 code added to sync_progress later without its own sequence still counts, as `other`.
create sequence private.pushes_refused_other;
comment on sequence private.pushes_refused_other is 'Pushes refused with a PT400 code that has no sequence of its own.';

insert into private.push_counters (code, counter) values
  ('accepted', 'private.pushes_accepted'),
  ('invalid_payload', 'private.pushes_refused_invalid_payload'),
  ('too_many_days', 'private.pushes_refused_too_many_days'),
  ('day_out_of_window', 'private.pushes_refused_day_out_of_window'),
  ('today_out_of_window', 'private.pushes_refused_today_out_of_window'),
  ('implausible_counters', 'private.pushes_refused_implausible_counters'),
  ('other', 'private.pushes_refused_other');

-- Called from sync_progress's exception handler, after the validation's subtransaction rolled back.
create function private.count_refused_push(refusal text)
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  counter regclass;
begin
  select c.counter into counter from private.push_counters c where c.code = refusal and c.code <> 'accepted';
  perform pg_catalog.nextval(coalesce(counter, 'private.pushes_refused_other'::regclass));
end;
$$;
comment on function private.count_refused_push(text) is
  'Advances the sequence of a refusal code (or `other`); survives the rollback of the refused push.';

create function private.snapshot_push_counts()
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  c record;
  total bigint;
  on_day date := (now() at time zone 'utc')::date;
begin
  -- The rows are locked in code order, so the cron job and an operator's call take turns and neither counts
  -- a sequence's advance twice.
  for c in select p.code, p.counter, p.counted from private.push_counters p order by p.code for update loop
    -- The sequence's current value as all sessions advanced it (null until its first nextval).
    total := coalesce(pg_catalog.pg_sequence_last_value(c.counter), 0);
    continue when total <= c.counted;
    insert into private.push_counts as n (day, code, count)
    values (on_day, c.code, total - c.counted)
    on conflict (day, code) do update set count = n.count + excluded.count;
    update private.push_counters p set counted = total where p.code = c.code;
  end loop;
end;
$$;
comment on function private.snapshot_push_counts() is
  'Scheduled (every minute): adds what each push-outcome sequence advanced since the last snapshot to today''s counts.';

-- sync_progress as in 20261203090000, with the validation wrapped to count refusals and the accepted push
-- counted at the end. Nothing else changes.
create or replace function public.sync_progress(days jsonb, today date, device_kind text default 'vscode')
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  device uuid := private.require_device();
  player uuid;
  push_days date[];
  push_xp integer[];
  push_cycles integer[];
  push_seconds integer[];
  changed_rows integer;
begin
  -- Validate the whole push before the first write. A refusal (PT400, the message is its stable code) is
  -- counted by a sequence, which the re-raised error's rollback leaves advanced.
  begin
    perform private.check_today(today);
    if device_kind is null or device_kind not in ('vscode', 'web', 'cli', 'other') then
      raise exception using errcode = 'PT400', message = 'invalid_payload',
        detail = 'device_kind must be one of vscode, web, cli, other.';
    end if;
    select coalesce(array_agg(r.day), '{}'), coalesce(array_agg(r.xp), '{}'), coalesce(array_agg(r.cycles), '{}'),
           coalesce(array_agg(r.seconds), '{}')
    into push_days, push_xp, push_cycles, push_seconds
    from private.parse_push(days, today) r;
  exception when sqlstate 'PT400' then
    perform private.count_refused_push(sqlerrm);
    raise;
  end;

  player := private.register_device(device, device_kind);

  -- Days whose stored counters already cover the push are left out before the upsert, which would otherwise
  -- lock each of them only to change nothing. Counters only grow and the device row is locked, so a day read
  -- here as covered stays covered.
  insert into public.daily_progress as d (device_id, player_id, day, xp, cycles, seconds)
  select device, player, r.day, r.xp, r.cycles, r.seconds
  from unnest(push_days, push_xp, push_cycles, push_seconds) as r (day, xp, cycles, seconds)
  left join public.daily_progress stored on stored.device_id = device and stored.day = r.day
  where stored.day is null or r.xp > stored.xp or r.cycles > stored.cycles or r.seconds > stored.seconds
  on conflict (device_id, day) do update set
    xp = greatest(d.xp, excluded.xp),
    cycles = greatest(d.cycles, excluded.cycles),
    seconds = greatest(d.seconds, excluded.seconds),
    updated_at = now()
  where excluded.xp > d.xp or excluded.cycles > d.cycles or excluded.seconds > d.seconds;
  get diagnostics changed_rows = row_count;

  update public.player_devices d set last_sync_at = now() where d.user_id = device;
  -- The rebuild is a function of the player's daily rows, its as-of day (the latest `today` reported, which
  -- this push moves only when later) and its device count; handle and visibility are copied by a trigger.
  -- When none of them changed it would rewrite nothing, so it is skipped. The player's row lock
  -- (register_device) orders this check after any concurrent push's rebuild.
  if changed_rows > 0 or not exists (
    select 1 from public.player_stats s
    where s.player_id = player
      and s.as_of_day >= today
      and s.device_count = (select count(*) from public.player_devices pd where pd.player_id = player)
  ) then
    perform private.refresh_player_stats(player, today);
  end if;
  -- Last, so only a push that wrote everything is counted as accepted.
  perform pg_catalog.nextval('private.pushes_accepted'::regclass);
  return private.my_stats(player);
end;
$$;
comment on function public.sync_progress(jsonb, date, text) is
  'Pushes a device''s daily counters (at most 31 days, merged with greatest()), registering the device on first call; returns my_stats.';
grant execute on function public.sync_progress(jsonb, date, text) to authenticated, service_role;

-- Every minute, as pg_cron job `breath-master-push-counts`; portable as in 20261203120600 (that migration
-- created pg_cron where the server offers it; the devstack runs the same cron.job rows itself).
do $$
begin
  if to_regnamespace('cron') is null then
    raise notice 'no cron schema: push counts are not scheduled; call private.snapshot_push_counts() every minute';
    return;
  end if;
  execute 'select cron.schedule($1, $2, $3)'
    using 'breath-master-push-counts', '* * * * *', 'select private.snapshot_push_counts()';
end;
$$;

-- "Breathing now" counted by the database instead of a public presence channel.
--
-- A presence channel let any client claim any number of breathers and sent every join and leave to every
-- viewer. Now a device running a session calls set_breathing(true) every 60 s and counts for 90 s;
-- set_breathing(false) stops counting at once. The count is a tile of get_global_stats (breathing_now) and of
-- every `board` message. One row per device (auth user) in an unlogged table: it is worth nothing after a
-- crash, is never exported or logged, and is not linked to a player. Expired rows are deleted by the flush;
-- until then the count ignores them.

create unlogged table private.breathing_devices (
  user_id uuid primary key,
  until timestamptz not null
);
comment on table private.breathing_devices is
  'Devices running a breathing session now (unlogged; a row counts until `until`, 90 s after its last refresh).';
alter table private.breathing_devices enable row level security;

-- Security definer: breathing_devices is private. It writes only the calling device's own row.
create function public.set_breathing(active boolean)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  device uuid := private.require_device();
begin
  if active is null then
    raise exception using errcode = 'PT400', message = 'invalid_payload', detail = 'active must be true or false.';
  end if;
  if not active then
    delete from private.breathing_devices b where b.user_id = device;
    return;
  end if;
  if not exists (select 1 from auth.users u where u.id = device) then
    raise exception using errcode = 'PT401', message = 'not_authenticated',
      detail = 'This device''s user no longer exists: sign in again.';
  end if;
  insert into private.breathing_devices as b (user_id, until)
  values (device, now() + interval '90 seconds')
  on conflict (user_id) do update set until = excluded.until;
end;
$$;
comment on function public.set_breathing(boolean) is
  'Counts the calling device in breathing_now for 90 s (true; repeat every 60 s while breathing) or stops at once (false).';
grant execute on function public.set_breathing(boolean) to authenticated, service_role;

-- Security definer: aggregates over every player's rows, which RLS hides from clients. Returns only totals.
-- Same counters as before, plus breathing_now.
create or replace function public.get_global_stats()
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  with today as (
    select d.player_id, sum(d.cycles) as cycles, sum(d.seconds) as seconds
    from public.daily_progress d
    where d.day = (now() at time zone 'utc')::date
    group by d.player_id
  )
  select jsonb_build_object(
    'players', (select count(*) from public.players),
    'active_today', (select count(*) from today t where t.seconds >= 60),
    'cycles_today', (select coalesce(sum(t.cycles), 0) from today t),
    'seconds_today', (select coalesce(sum(t.seconds), 0) from today t),
    'breathing_now', (select count(*) from private.breathing_devices b where b.until > now())
  );
$$;
comment on function public.get_global_stats() is
  'Community counters for the server''s UTC day: players, players active today, cycles and seconds today, breathing now.';
grant execute on function public.get_global_stats() to anon, authenticated, service_role;

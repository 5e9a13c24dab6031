-- Per-player figures derived from the daily counters: totals, level, streaks and this week's XP.
--
-- player_stats is a cache that private.refresh_player_stats() rebuilds from daily_progress whenever a
-- player's rows change (sync, pairing, deletion). Rebuilding from the rows rather than adding deltas keeps it
-- exact under retries, duplicates and reordering. It is also the one row the leaderboards, rank counting and
-- realtime broadcasts read, so it carries copies of the player's handle and leaderboard switch, kept in step by
-- a trigger on players.
--
-- as_of_day is the latest local "today" any of the player's devices has reported: the streak and the week are
-- computed as of that day. Taking the maximum keeps the result independent of the order of pushes.

create table public.player_stats (
  player_id uuid primary key references public.players (id) on delete cascade,
  handle text not null,
  show_on_leaderboard boolean not null,
  total_xp bigint not null default 0,
  level integer not null default 1,
  total_cycles bigint not null default 0,
  total_seconds bigint not null default 0,
  active_days integer not null default 0,
  current_streak integer not null default 0,
  longest_streak integer not null default 0,
  last_active_day date,
  as_of_day date not null,
  week_start date not null,
  weekly_xp bigint not null default 0,
  device_count integer not null default 0,
  updated_at timestamptz not null default now()
);
comment on table public.player_stats is
  'Derived figures per player (totals, level, streaks, weekly XP), rebuilt from daily_progress on every change.';
comment on column public.player_stats.as_of_day is 'Latest local day reported by any of the player''s devices.';
comment on column public.player_stats.week_start is 'Monday of the ISO week of as_of_day; weekly_xp covers that week.';

-- The all-time and weekly leaderboards read these ranges, top down, among listed players with a score.
create index player_stats_all_time_idx on public.player_stats (total_xp desc, player_id)
  where show_on_leaderboard and total_xp > 0;
create index player_stats_weekly_idx on public.player_stats (week_start, weekly_xp desc, player_id)
  where show_on_leaderboard and weekly_xp > 0;

alter table public.player_stats enable row level security;
revoke all on table public.player_stats from anon, authenticated;
grant select on table public.player_stats to authenticated;

create policy "Devices can read their player's stats"
  on public.player_stats for select to authenticated
  using (player_id = (select private.my_player_id()));

create function private.refresh_player_stats(target_player uuid, reported_today date)
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  as_of date;
begin
  select greatest(s.as_of_day, reported_today) into as_of
  from public.player_stats s where s.player_id = target_player;
  as_of := coalesce(as_of, reported_today, (now() at time zone 'utc')::date);

  with per_day as (
    select d.day, sum(d.xp) as xp, sum(d.cycles) as cycles, sum(d.seconds) as seconds
    from public.daily_progress d
    where d.player_id = target_player
    group by d.day
  ),
  totals as (
    select
      coalesce(sum(p.xp), 0)::bigint as total_xp,
      coalesce(sum(p.cycles), 0)::bigint as total_cycles,
      coalesce(sum(p.seconds), 0)::bigint as total_seconds,
      (count(*) filter (where p.seconds >= 60))::integer as active_days,
      max(p.day) filter (where p.seconds >= 60) as last_active_day,
      array_agg(p.day) filter (where p.seconds >= 60) as active,
      coalesce(sum(p.xp) filter (where p.day between private.week_start(as_of) and private.week_start(as_of) + 6), 0)::bigint
        as weekly_xp
    from per_day p
  )
  insert into public.player_stats as s (
    player_id, handle, show_on_leaderboard, total_xp, level, total_cycles, total_seconds, active_days,
    current_streak, longest_streak, last_active_day, as_of_day, week_start, weekly_xp, device_count
  )
  select
    pl.id, pl.handle, pl.show_on_leaderboard, t.total_xp, private.level_for_xp(t.total_xp), t.total_cycles,
    t.total_seconds, t.active_days, st.current_streak, st.longest_streak, t.last_active_day, as_of,
    private.week_start(as_of), t.weekly_xp,
    (select count(*) from public.player_devices pd where pd.player_id = pl.id)::integer
  from public.players pl
  cross join totals t
  cross join lateral private.streak_summary(coalesce(t.active, '{}'), as_of) st
  where pl.id = target_player
  on conflict (player_id) do update set
    handle = excluded.handle,
    show_on_leaderboard = excluded.show_on_leaderboard,
    total_xp = excluded.total_xp,
    level = excluded.level,
    total_cycles = excluded.total_cycles,
    total_seconds = excluded.total_seconds,
    active_days = excluded.active_days,
    current_streak = excluded.current_streak,
    longest_streak = excluded.longest_streak,
    last_active_day = excluded.last_active_day,
    as_of_day = excluded.as_of_day,
    week_start = excluded.week_start,
    weekly_xp = excluded.weekly_xp,
    device_count = excluded.device_count,
    updated_at = now()
  -- An unchanged row is not rewritten, so retries cause no broadcasts and no rank bookkeeping.
  where (s.handle, s.show_on_leaderboard, s.total_xp, s.total_cycles, s.total_seconds, s.active_days,
         s.current_streak, s.longest_streak, s.last_active_day, s.as_of_day, s.weekly_xp, s.device_count)
    is distinct from
        (excluded.handle, excluded.show_on_leaderboard, excluded.total_xp, excluded.total_cycles,
         excluded.total_seconds, excluded.active_days, excluded.current_streak, excluded.longest_streak,
         excluded.last_active_day, excluded.as_of_day, excluded.weekly_xp, excluded.device_count);
end;
$$;
comment on function private.refresh_player_stats(uuid, date) is
  'Rebuilds a player''s player_stats row from its daily_progress rows, as of the latest reported local day.';

-- Keeps the handle and leaderboard switch copied into player_stats in step with players. Security definer:
-- the copy must be made whichever role changes players (an RPC's owner, or service_role administering data).
create function private.copy_player_settings_to_stats()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.player_stats s
  set handle = new.handle, show_on_leaderboard = new.show_on_leaderboard, updated_at = now()
  where s.player_id = new.id;
  return null;
end;
$$;
comment on function private.copy_player_settings_to_stats() is
  'Trigger: copies players.handle and players.show_on_leaderboard into player_stats.';

create trigger copy_settings_to_stats
  after update of handle, show_on_leaderboard on public.players
  for each row
  when (old.handle is distinct from new.handle or old.show_on_leaderboard is distinct from new.show_on_leaderboard)
  execute function private.copy_player_settings_to_stats();

-- What a player reads about itself and the two settings it controls.
--
-- get_my_progress returns the stats, the summed daily series, the player's devices and the synced achievements
-- (those derivable from the daily counters, packages/core/RULES.md "Achievements"). It runs as the caller (security
-- invoker): RLS already limits every table it reads to the caller's own player.
-- set_leaderboard_visibility and regenerate_handle change the player row, which clients cannot write directly.

-- Synced achievements with the local day each was first reached, derived from a player's summed days.
create function private.achievements(target_player uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  with per_day as (
    select d.day, sum(d.xp) as xp, sum(d.cycles) as cycles, sum(d.seconds) as seconds
    from public.daily_progress d
    where d.player_id = target_player
    group by d.day
  ),
  running as (
    select p.day, p.cycles, p.seconds,
      sum(p.xp) over (order by p.day) as xp_so_far,
      sum(p.cycles) over (order by p.day) as cycles_so_far
    from per_day p
  ),
  runs as (
    select r.day, r.run_length
    from private.streak_runs(array(select p.day from per_day p where p.seconds >= 60)) r
  ),
  unlocked (id, unlocked_on) as (
    select 'first-breath', min(r.day) from running r where r.cycles > 0
    union all select 'five-minutes', min(r.day) from running r where r.seconds >= 300
    union all select 'streak-' || n, (select min(s.day) from runs s where s.run_length >= n)
      from unnest(array[3, 7, 30, 100]) n
    union all select 'cycles-' || n, (select min(r.day) from running r where r.cycles_so_far >= n)
      from unnest(array[100, 1000, 10000]) n
    union all select 'level-' || n, (select min(r.day) from running r where r.xp_so_far >= 50 * n * (n - 1))
      from unnest(array[5, 10, 20]) n
    union all select 'team-goal', min(g.reached_on)
      from public.team_goals g
      join public.team_members m on m.team_id = g.team_id
      where m.player_id = target_player and g.reached_on is not null
  )
  select coalesce(jsonb_agg(jsonb_build_object('id', u.id, 'unlocked_on', u.unlocked_on) order by u.unlocked_on, u.id collate "C"), '[]')
  from unlocked u
  where u.unlocked_on is not null;
$$;
comment on function private.achievements(uuid) is
  'Synced achievements ({ id, unlocked_on }) a player has reached, derived from its daily counters and team goals.';
-- get_my_progress and export_my_data run as the caller; this reads only through RLS (the caller's own rows).
grant execute on function private.achievements(uuid) to authenticated, service_role;

create function public.get_my_progress(days integer default 365)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  player uuid := private.require_player();
  as_of date;
begin
  if days is null or days < 1 or days > 3660 then
    raise exception using errcode = 'PT400', message = 'invalid_payload',
      detail = 'days must be between 1 and 3660.';
  end if;
  select s.as_of_day into as_of from public.player_stats s where s.player_id = player;
  return jsonb_build_object(
    'stats', private.my_stats(player),
    'daily', (
      select coalesce(jsonb_agg(jsonb_build_object('day', t.day, 'xp', t.xp, 'cycles', t.cycles, 'seconds', t.seconds)
        order by t.day), '[]')
      from (
        select d.day, sum(d.xp) as xp, sum(d.cycles) as cycles, sum(d.seconds) as seconds
        from public.daily_progress d
        where d.player_id = player and d.day > as_of - days
        group by d.day
      ) t
    ),
    'devices', (
      select coalesce(jsonb_agg(jsonb_build_object('kind', d.kind, 'created_at', d.created_at,
        'last_sync_at', d.last_sync_at, 'is_current', d.user_id = (select auth.uid())) order by d.created_at), '[]')
      from public.player_devices d
      where d.player_id = player
    ),
    'achievements', private.achievements(player)
  );
end;
$$;
comment on function public.get_my_progress(integer) is
  'The caller''s stats, daily series (last `days` days), devices and synced achievements.';
grant execute on function public.get_my_progress(integer) to authenticated, service_role;

-- Security definer: players is read-only to clients. Changes only the caller's own player.
create function public.set_leaderboard_visibility(visible boolean)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  player uuid := private.require_player();
begin
  if visible is null then
    raise exception using errcode = 'PT400', message = 'invalid_payload', detail = 'visible must be true or false.';
  end if;
  update public.players p set show_on_leaderboard = visible where p.id = player;
  return private.my_stats(player);
end;
$$;
comment on function public.set_leaderboard_visibility(boolean) is
  'Shows or hides the caller''s player on public leaderboards; returns my_stats.';
grant execute on function public.set_leaderboard_visibility(boolean) to authenticated, service_role;

-- Security definer: players is read-only to clients. Changes only the caller's own player.
create function public.regenerate_handle()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  player uuid := private.require_player();
begin
  perform private.assign_new_handle(player);
  return private.my_stats(player);
end;
$$;
comment on function public.regenerate_handle() is 'Draws a new generated handle for the caller''s player; returns my_stats.';
grant execute on function public.regenerate_handle() to authenticated, service_role;

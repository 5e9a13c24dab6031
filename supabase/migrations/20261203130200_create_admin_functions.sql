-- The operator's RPCs behind /admin: figures and two actions, for the service_role key alone.
--
-- Every function here is executable by service_role only: revoked from public, anon and authenticated, so a
-- visitor or a device gets PostgREST's permission error (42501: 401 for anon, 403 for a device) before any
-- statement runs. They are security definer because they read private tables (push counts, operator hides)
-- and delete auth.users, which service_role does not own. The figures are aggregates: no function returns a
-- device id, a daily row or a time of day.
--
-- Deleting a player reuses delete_my_data's body, moved into private.delete_player so both remove the same
-- rows: the player (its devices, daily rows, stats, codes, memberships, operator hide cascade), the anonymous
-- auth users of its devices, and teams left without members.

-- Errors of the RPCs below: player_not_found (PT404) for an unknown id; invalid_payload (PT400) for a bad
-- argument.

create function private.delete_player(target uuid)
returns integer
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  devices uuid[];
  teams uuid[];
begin
  perform 1 from public.players p where p.id = target for update;
  if not found then
    return null;
  end if;
  select coalesce(array_agg(d.user_id), '{}') into devices from public.player_devices d where d.player_id = target;
  select coalesce(array_agg(m.team_id), '{}') into teams from public.team_members m where m.player_id = target;

  delete from public.players p where p.id = target;
  delete from auth.users u where u.id = any (devices) and u.is_anonymous;
  -- Teams left without members close, as when the last member leaves.
  delete from public.teams t
  where t.id = any (teams)
    and not exists (select 1 from public.team_members m where m.team_id = t.id);
  return cardinality(devices);
end;
$$;
comment on function private.delete_player(uuid) is
  'Erases a player, all its rows, the anonymous auth users of its devices and teams it leaves empty; returns the device count, null when unknown.';

-- As in 20261122191300, with the removal in private.delete_player.
create or replace function public.delete_my_data()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  device uuid := private.require_device();
  player uuid;
begin
  select d.player_id into player from public.player_devices d where d.user_id = device for update;
  if player is null then
    -- Never synced: only the calling sign-in itself exists.
    delete from auth.users u where u.id = device and u.is_anonymous;
    return;
  end if;
  perform private.delete_player(player);
end;
$$;
comment on function public.delete_my_data() is
  'Erases the caller''s player, all its rows and the anonymous auth users of all its devices.';
grant execute on function public.delete_my_data() to authenticated, service_role;

-- One player as the operator sees it: public figures and both kinds of hiding, nothing about its devices.
create function private.admin_player(target uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return (
    select jsonb_build_object(
      'player_id', p.id,
      'handle', p.handle,
      'show_on_leaderboard', p.show_on_leaderboard,
      'hidden_by_operator', h.player_id is not null,
      'total_xp', coalesce(s.total_xp, 0),
      'level', coalesce(s.level, 1),
      'device_count', (select count(*) from public.player_devices d where d.player_id = p.id),
      'created_on', (p.created_at at time zone 'utc')::date
    )
    from public.players p
    left join public.player_stats s on s.player_id = p.id
    left join private.hidden_players h on h.player_id = p.id
    where p.id = target
  );
end;
$$;
comment on function private.admin_player(uuid) is 'A player as admin_find_player lists it (no device or time of day).';

create function private.require_admin_player(target uuid)
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if target is null or not exists (select 1 from public.players p where p.id = target) then
    raise exception using errcode = 'PT404', message = 'player_not_found',
      detail = format('No player has the id %s.', coalesce(target::text, 'null'));
  end if;
end;
$$;
comment on function private.require_admin_player(uuid) is 'Raises player_not_found (PT404) unless the player exists.';

-- Security definer: aggregates every player's rows and the private operator hides for service_role.
create function public.admin_overview()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  today date := (now() at time zone 'utc')::date;
begin
  return jsonb_build_object(
    'as_of', now(),
    'players', (select count(*) from public.players),
    'devices', (select count(*) from public.player_devices),
    'on_public_boards', (select count(*) from public.player_stats s where s.show_on_leaderboard and s.total_xp > 0),
    'hidden_by_player', (
      select count(*) from public.players p
      where not p.show_on_leaderboard and not exists (select 1 from private.hidden_players h where h.player_id = p.id)
    ),
    'hidden_by_operator', (select count(*) from private.hidden_players),
    'devices_per_player', (
      select coalesce(jsonb_agg(jsonb_build_object('devices', c.devices, 'players', c.players) order by c.devices), '[]')
      from (
        select n.devices, count(*) as players
        from (
          select (select count(*) from public.player_devices d where d.player_id = p.id) as devices
          from public.players p
        ) n
        group by n.devices
      ) c
    ),
    'teams', jsonb_build_object(
      'count', (select count(*) from public.teams),
      'members', (select count(*) from public.team_members),
      'sizes', (
        select coalesce(jsonb_agg(jsonb_build_object('members', z.members, 'teams', z.teams) order by z.members), '[]')
        from (
          select n.members, count(*) as teams
          from (
            select (select count(*) from public.team_members m where m.team_id = t.id) as members
            from public.teams t
          ) n
          group by n.members
        ) z
      ),
      'goals', (
        select jsonb_build_object(
          'active', count(*) filter (where g.reached_on is null and g.ends_on >= today),
          'reached', count(*) filter (where g.reached_on is not null),
          'missed', count(*) filter (where g.reached_on is null and g.ends_on < today),
          'minutes', count(*) filter (where g.metric = 'minutes'),
          'cycles', count(*) filter (where g.metric = 'cycles')
        )
        from public.team_goals g
      )
    )
  );
end;
$$;
comment on function public.admin_overview() is
  'Operator figures: players, devices and their distribution per player, hidden players, teams (sizes, goals).';
revoke execute on function public.admin_overview() from public, anon, authenticated;
grant execute on function public.admin_overview() to service_role;

-- Security definer: reads every player's daily rows and the private push counts for service_role. Takes a
-- snapshot of the push counters first (a write), so the figures include the last minute.
create function public.admin_daily_activity(days integer default 30)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  today date := (now() at time zone 'utc')::date;
  first_day date;
begin
  if days is null or days < 1 or days > 366 then
    raise exception using errcode = 'PT400', message = 'invalid_payload', detail = 'days must be 1..366.';
  end if;
  first_day := today - (days - 1);
  perform private.snapshot_push_counts();
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
      'day', d.day,
      'active_players', coalesce(a.players, 0),
      'accepted', coalesce(c.accepted, 0),
      'refused', coalesce(c.refused, '{}'::jsonb)
    ) order by d.day), '[]')
    from generate_series(first_day, today, interval '1 day') as g (at)
    cross join lateral (select g.at::date as day) d
    left join (
      -- A player is active on a day when its devices' seconds add up to a minute (as streaks count it).
      select q.day, count(*) as players
      from (
        select p.day, p.player_id
        from public.daily_progress p
        where p.day between first_day and today
        group by p.day, p.player_id
        having sum(p.seconds) >= 60
      ) q
      group by q.day
    ) a on a.day = d.day
    left join (
      select n.day,
        coalesce(sum(n.count) filter (where n.code = 'accepted'), 0) as accepted,
        jsonb_object_agg(n.code, n.count) filter (where n.code <> 'accepted') as refused
      from private.push_counts n
      where n.day between first_day and today
      group by n.day
    ) c on c.day = d.day
  );
end;
$$;
comment on function public.admin_daily_activity(integer) is
  'Operator figures per UTC day for the last `days` days: active players, pushes accepted, pushes refused by code.';
revoke execute on function public.admin_daily_activity(integer) from public, anon, authenticated;
grant execute on function public.admin_daily_activity(integer) to service_role;

-- Security definer: reads every player and the private operator hides for service_role.
create function public.admin_find_player(handle text)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  wanted text := btrim(coalesce(admin_find_player.handle, ''));
begin
  if wanted = '' or char_length(wanted) > 64 then
    raise exception using errcode = 'PT400', message = 'invalid_payload', detail = 'handle must be 1..64 characters.';
  end if;
  -- The exact handle first, then handles starting with the text (case-insensitive), at most 20.
  return (
    select coalesce(jsonb_agg(private.admin_player(m.id) order by m.exact desc, m.handle), '[]')
    from (
      select p.id, p.handle, lower(p.handle) = lower(wanted) as exact
      from public.players p
      where lower(p.handle) like replace(replace(replace(lower(wanted), '\', '\\'), '%', '\%'), '_', '\_') || '%'
      order by lower(p.handle) = lower(wanted) desc, p.handle
      limit 20
    ) m
  );
end;
$$;
comment on function public.admin_find_player(text) is
  'Operator search: players whose handle is or starts with the text (case-insensitive), at most 20.';
revoke execute on function public.admin_find_player(text) from public, anon, authenticated;
grant execute on function public.admin_find_player(text) to service_role;

-- Security definer: writes players and the private operator hides for service_role.
create function public.admin_hide_player(player_id uuid, hidden boolean)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  target uuid := admin_hide_player.player_id;
  choice boolean;
begin
  if hidden is null then
    raise exception using errcode = 'PT400', message = 'invalid_payload', detail = 'hidden must be true or false.';
  end if;
  perform private.require_admin_player(target);
  perform 1 from public.players p where p.id = target for update;
  if hidden then
    if not exists (select 1 from private.hidden_players h where h.player_id = target) then
      -- Switch off first, then keep the player's own choice: the trigger only acts once the row exists.
      select p.show_on_leaderboard into choice from public.players p where p.id = target;
      update public.players p set show_on_leaderboard = false where p.id = target;
      insert into private.hidden_players (player_id, player_choice) values (target, choice);
    end if;
  else
    delete from private.hidden_players h where h.player_id = target returning h.player_choice into choice;
    if found then
      update public.players p set show_on_leaderboard = choice where p.id = target;
    end if;
  end if;
  return private.admin_player(target);
end;
$$;
comment on function public.admin_hide_player(uuid, boolean) is
  'Operator action: hides a player from public boards (the player cannot show itself again) or lifts that hide.';
revoke execute on function public.admin_hide_player(uuid, boolean) from public, anon, authenticated;
grant execute on function public.admin_hide_player(uuid, boolean) to service_role;

-- Security definer: deletes players and auth.users for service_role.
create function public.admin_delete_player(player_id uuid)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  target uuid := admin_delete_player.player_id;
  gone jsonb;
  devices integer;
begin
  perform private.require_admin_player(target);
  gone := private.admin_player(target);
  devices := private.delete_player(target);
  return jsonb_build_object('player_id', target, 'handle', gone ->> 'handle', 'devices_removed', devices);
end;
$$;
comment on function public.admin_delete_player(uuid) is
  'Operator action: erases a player exactly as delete_my_data does (rows, anonymous auth users, emptied teams).';
revoke execute on function public.admin_delete_player(uuid) from public, anon, authenticated;
grant execute on function public.admin_delete_player(uuid) to service_role;

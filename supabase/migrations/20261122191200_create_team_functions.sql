-- The team RPCs.
--
-- create_team / join_team / leave_team manage membership (a team holds at most 50 players, a player at most
-- 10 teams); set_team_goal replaces the team's goal, computing its progress at once; get_team and get_my_teams
-- read through RLS as the caller. Keeping goal progress current afterwards is the previous migration's job.

-- The caller's player after checking that the team exists and the caller belongs to it. Security definer: a
-- non-member cannot see the team through RLS, yet deserves team_not_found and not_a_member told apart. It
-- reveals only whether a team id exists.
create function private.require_member(team uuid)
returns uuid
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  player uuid := private.require_player();
begin
  if team is null or not exists (select 1 from public.teams t where t.id = team) then
    raise exception using errcode = 'PT404', message = 'team_not_found', detail = 'No team has this id.';
  end if;
  if not exists (select 1 from public.team_members m where m.team_id = team and m.player_id = player) then
    raise exception using errcode = 'PT403', message = 'not_a_member', detail = 'Only members of this team can do this.';
  end if;
  return player;
end;
$$;
comment on function private.require_member(uuid) is
  'The caller''s player if it belongs to the team; raises team_not_found or not_a_member otherwise.';
grant execute on function private.require_member(uuid) to authenticated, service_role;

-- The team object of the RPC contract (also the payload of the team_goal broadcast).
create function private.team_object(team uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'id', t.id,
    'name', t.name,
    'join_code', t.join_code,
    'member_count', (select count(*) from public.team_members m where m.team_id = t.id),
    'goal', (
      select jsonb_build_object('metric', g.metric, 'target', g.target, 'progress', g.progress,
        'starts_on', g.starts_on, 'ends_on', g.ends_on, 'reached_on', g.reached_on)
      from public.team_goals g where g.team_id = t.id
    )
  )
  from public.teams t
  where t.id = team;
$$;
comment on function private.team_object(uuid) is 'A team as { id, name, join_code, member_count, goal } for RPCs and broadcasts.';
grant execute on function private.team_object(uuid) to authenticated, service_role;

create function private.team_summary(team uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object('id', t.id, 'name', t.name, 'join_code', t.join_code)
  from public.teams t where t.id = team;
$$;
comment on function private.team_summary(uuid) is 'A team as { id, name, join_code }.';

create function private.check_team_capacity(player uuid, team uuid)
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if (select count(*) from public.team_members m where m.player_id = player) >= 10 then
    raise exception using errcode = 'PT409', message = 'too_many_teams', detail = 'A player can be in at most 10 teams.';
  end if;
  if team is not null and (select count(*) from public.team_members m where m.team_id = team) >= 50 then
    raise exception using errcode = 'PT409', message = 'team_full', detail = 'A team holds at most 50 players.';
  end if;
end;
$$;
comment on function private.check_team_capacity(uuid, uuid) is 'Raises too_many_teams or team_full when a join would exceed the limits.';

-- Security definer: teams and team_members are read-only to clients. Adds only the caller's player.
create function public.create_team(name text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  player uuid := private.require_player();
  clean text := btrim(regexp_replace(coalesce(name, ''), '\s+', ' ', 'g'));
  team uuid;
begin
  if char_length(clean) < 1 or char_length(clean) > 40 or clean ~ '[[:cntrl:]]' then
    raise exception using errcode = 'PT400', message = 'invalid_team_name',
      detail = 'A team name has 1 to 40 visible characters.';
  end if;
  perform private.check_team_capacity(player, null);
  loop
    insert into public.teams (name, join_code, created_by)
    values (clean, private.random_code(), player)
    on conflict (join_code) do nothing
    returning id into team;
    exit when team is not null;
  end loop;
  insert into public.team_members (team_id, player_id) values (team, player);
  return private.team_summary(team);
end;
$$;
comment on function public.create_team(text) is 'Creates a team with the caller as its first member; returns { id, name, join_code }.';
grant execute on function public.create_team(text) to authenticated, service_role;

-- Security definer: team_members is read-only to clients. Adds only the caller's player, given a valid code.
create function public.join_team(code text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  player uuid := private.require_player();
  team uuid;
begin
  select t.id into team from public.teams t where t.join_code = private.normalize_code(code) for update;
  if team is null then
    raise exception using errcode = 'PT404', message = 'team_not_found', detail = 'No team has this join code.';
  end if;
  if not exists (select 1 from public.team_members m where m.team_id = team and m.player_id = player) then
    perform private.check_team_capacity(player, team);
    insert into public.team_members (team_id, player_id) values (team, player);
  end if;
  return private.team_summary(team);
end;
$$;
comment on function public.join_team(text) is 'Joins the team with this join code (idempotent); returns { id, name, join_code }.';
grant execute on function public.join_team(text) to authenticated, service_role;

-- Security definer: team_members is read-only to clients. Removes only the caller's player.
create function public.leave_team(team_id uuid)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  player uuid := private.require_member(team_id);
begin
  delete from public.team_members m where m.team_id = leave_team.team_id and m.player_id = player;
  -- The last member out closes the team.
  delete from public.teams t
  where t.id = leave_team.team_id
    and not exists (select 1 from public.team_members m where m.team_id = leave_team.team_id);
end;
$$;
comment on function public.leave_team(uuid) is 'Removes the caller from a team; the team is deleted when its last member leaves.';
grant execute on function public.leave_team(uuid) to authenticated, service_role;

-- Security definer: team_goals is read-only to clients. Any member may set the goal of its own team.
create function public.set_team_goal(team_id uuid, metric text, target integer, ends_on date)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  player uuid := private.require_member(team_id);
  server_day date := (now() at time zone 'utc')::date;
  progress bigint;
begin
  if metric is null or metric not in ('minutes', 'cycles') then
    raise exception using errcode = 'PT400', message = 'invalid_goal', detail = 'metric must be minutes or cycles.';
  end if;
  if target is null or target < 1 or target > 10000000 then
    raise exception using errcode = 'PT400', message = 'invalid_goal', detail = 'target must be between 1 and 10,000,000.';
  end if;
  if ends_on is null or ends_on < server_day or ends_on > server_day + 366 then
    raise exception using errcode = 'PT400', message = 'invalid_goal',
      detail = format('ends_on must lie between %s and %s.', server_day, server_day + 366);
  end if;
  progress := private.goal_progress(set_team_goal.team_id, metric, server_day, ends_on);
  insert into public.team_goals as g (team_id, metric, target, starts_on, ends_on, progress, reached_on, set_by)
  values (set_team_goal.team_id, metric, target, server_day, ends_on, progress,
          private.goal_reached_on(null, progress, target, ends_on), player)
  on conflict on constraint team_goals_pkey do update set
    metric = excluded.metric, target = excluded.target, starts_on = excluded.starts_on,
    ends_on = excluded.ends_on, progress = excluded.progress, reached_on = excluded.reached_on,
    set_by = excluded.set_by, updated_at = now();
  return private.team_object(set_team_goal.team_id);
end;
$$;
comment on function public.set_team_goal(uuid, text, integer, date) is
  'Sets the team''s goal (minutes or cycles from today until ends_on), replacing any previous one; returns the team.';
grant execute on function public.set_team_goal(uuid, text, integer, date) to authenticated, service_role;

create function public.get_team(team_id uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  perform private.require_member(team_id);
  return private.team_object(team_id);
end;
$$;
comment on function public.get_team(uuid) is 'A team the caller belongs to: { id, name, join_code, member_count, goal }.';
grant execute on function public.get_team(uuid) to authenticated, service_role;

create function public.get_my_teams()
returns table (id uuid, name text, join_code text, member_count bigint)
language sql
stable
security invoker
set search_path = ''
as $$
  select t.id, t.name, t.join_code, (select count(*) from public.team_members m where m.team_id = t.id)
  from public.teams t
  where t.id in (select private.my_team_ids())
  order by t.name, t.id;
$$;
comment on function public.get_my_teams() is 'The teams of the caller''s player with their member counts.';
grant execute on function public.get_my_teams() to authenticated, service_role;

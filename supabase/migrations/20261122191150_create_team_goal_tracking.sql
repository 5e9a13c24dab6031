-- Team goal progress, kept current as members practise and come and go.
--
-- A goal's progress is the whole minutes (or cycles) the team's current members logged between starts_on and
-- ends_on. It is stored on team_goals so get_team and broadcasts read one row, and recomputed from the daily
-- rows (not adjusted by deltas, so it stays exact) whenever a member's totals change or membership changes.
-- A goal whose dates ended more than 31 days ago can no longer receive pushes and is left alone.

-- A goal's progress: whole minutes or cycles the team's current members logged between two days.
create function private.goal_progress(team uuid, metric text, starts_on date, ends_on date)
returns bigint
language sql
stable
security invoker
set search_path = ''
as $$
  select case when metric = 'minutes' then coalesce(sum(d.seconds), 0) / 60 else coalesce(sum(d.cycles), 0) end
  from public.team_members m
  join public.daily_progress d on d.player_id = m.player_id and d.day between starts_on and ends_on
  where m.team_id = team;
$$;
comment on function private.goal_progress(uuid, text, date, date) is
  'Whole minutes or cycles the current members of a team logged between starts_on and ends_on.';

-- The day a goal counts as reached when its progress first meets the target.
create function private.goal_reached_on(reached_on date, progress bigint, target integer, ends_on date)
returns date
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(reached_on, case when progress >= target then least((now() at time zone 'utc')::date, ends_on) end);
$$;
comment on function private.goal_reached_on(date, bigint, integer, date) is
  'Keeps the first day a goal was reached, or sets it now (capped at ends_on) when progress meets the target.';

-- Recomputes a team goal's progress; the row is only rewritten (and broadcast) when something changed.
create function private.refresh_team_goal(team uuid)
returns void
language sql
volatile
security invoker
set search_path = ''
as $$
  with fresh as (
    select g.team_id, private.goal_progress(g.team_id, g.metric, g.starts_on, g.ends_on) as value
    from public.team_goals g
    where g.team_id = team
  )
  update public.team_goals g
  set progress = f.value,
      reached_on = private.goal_reached_on(g.reached_on, f.value, g.target, g.ends_on),
      updated_at = now()
  from fresh f
  where g.team_id = f.team_id
    and (g.progress <> f.value or g.reached_on is distinct from private.goal_reached_on(g.reached_on, f.value, g.target, g.ends_on));
$$;
comment on function private.refresh_team_goal(uuid) is
  'Recomputes a team goal''s progress (whole minutes or cycles of current members between its dates).';

-- Security definer (both triggers): goal progress must follow whoever changes stats or membership, and it
-- reads other members' daily rows.
create function private.refresh_goals_after_stats()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  team uuid;
begin
  -- Goals whose dates can still receive pushes (a push reaches 30 days back).
  for team in
    select g.team_id from public.team_goals g
    join public.team_members m on m.team_id = g.team_id
    where m.player_id = coalesce(new.player_id, old.player_id)
      and g.ends_on >= (now() at time zone 'utc')::date - 31
  loop
    perform private.refresh_team_goal(team);
  end loop;
  return null;
end;
$$;
comment on function private.refresh_goals_after_stats() is
  'Trigger on player_stats: refreshes the goals of the player''s teams when its cycles or seconds change.';

create trigger refresh_team_goals
  after update of total_cycles, total_seconds on public.player_stats
  for each row
  when (old.total_cycles is distinct from new.total_cycles or old.total_seconds is distinct from new.total_seconds)
  execute function private.refresh_goals_after_stats();

create function private.refresh_goal_after_membership()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.refresh_team_goal(coalesce(new.team_id, old.team_id));
  return null;
end;
$$;
comment on function private.refresh_goal_after_membership() is
  'Trigger on team_members: refreshes the team''s goal when a member joins or leaves.';

create trigger refresh_team_goal
  after insert or delete on public.team_members
  for each row
  execute function private.refresh_goal_after_membership();

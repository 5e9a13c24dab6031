-- Teams whose live state changed since the last flush, so it sends one `team` message per such team.
--
-- A team is marked when a member's public stats change (player_stats), a member joins or leaves (team_members)
-- or its goal changes (team_goals, including progress). Marks are appended, never updated: a unique row per
-- team marked with `on conflict` would make a push wait for any concurrent, uncommitted push that marked the
-- same team, and one hot row would serialise them all. A mark is skipped when the team already has one that
-- this transaction can see, so a burst of pushes adds few rows; the flush deletes the marks it handles, and a
-- mark committed after its delete waits for the next flush.

create table private.live_team_marks (
  team_id uuid not null,
  marked_at timestamptz not null default now()
);
comment on table private.live_team_marks is
  'Append-only marks of teams whose live state changed since the last flush (duplicates are harmless).';
-- No foreign key: a closed team's mark is dropped by the flush, and a key check would lock the team row.
create index live_team_marks_team_id_idx on private.live_team_marks (team_id);
alter table private.live_team_marks enable row level security;

create function private.mark_live_teams(teams uuid[])
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
  insert into private.live_team_marks (team_id)
  select distinct t.team_id
  from unnest(teams) as t (team_id)
  where t.team_id is not null
    and not exists (select 1 from private.live_team_marks m where m.team_id = t.team_id);
end;
$$;
comment on function private.mark_live_teams(uuid[]) is
  'Marks teams for the next live flush (append-only; skips teams already marked).';

-- Security definer (all three triggers): the marks are private, and membership must be read whichever role
-- changed the row. They write only team ids.
create function private.mark_teams_after_stats()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.mark_live_teams(array(select m.team_id from public.team_members m where m.player_id = new.player_id));
  return null;
end;
$$;
comment on function private.mark_teams_after_stats() is
  'Trigger on player_stats: marks the player''s teams for the live flush when a field team boards show changed.';

-- The fields of a team board row (get_leaderboard with a team): a change elsewhere shows nowhere. A deleted
-- player leaves its teams through team_members, which marks them.
create trigger mark_teams_on_insert
  after insert on public.player_stats
  for each row
  execute function private.mark_teams_after_stats();

create trigger mark_teams_on_update
  after update on public.player_stats
  for each row
  when ((old.handle, old.level, old.total_xp, old.weekly_xp, old.week_start, old.current_streak, old.last_active_day)
        is distinct from
        (new.handle, new.level, new.total_xp, new.weekly_xp, new.week_start, new.current_streak, new.last_active_day))
  execute function private.mark_teams_after_stats();

create function private.mark_team_after_membership()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'DELETE' then
    perform private.mark_live_teams(array[old.team_id]);
  else
    perform private.mark_live_teams(array[new.team_id]);
  end if;
  return null;
end;
$$;
comment on function private.mark_team_after_membership() is
  'Trigger on team_members and team_goals: marks the team for the live flush when a member joins or leaves or its goal changes.';

create trigger mark_team_on_membership
  after insert or delete on public.team_members
  for each row
  execute function private.mark_team_after_membership();

create trigger mark_team_on_goal
  after insert or update or delete on public.team_goals
  for each row
  execute function private.mark_team_after_membership();

-- Teams: small groups of players who share a private leaderboard and a goal.
--
-- A player creates a team and gets a join code to share; anyone holding the code joins. A team has at most
-- one goal at a time (minutes or cycles by a date); its progress is the sum of the current members' daily
-- counters between starts_on and ends_on and is stored on the goal so reads and broadcasts are cheap.
-- Members read their teams, co-members and goals through RLS; all writes go through the team RPCs.

create table public.teams (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  join_code text not null,
  created_by uuid references public.players (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint teams_join_code_key unique (join_code),
  constraint teams_name_length check (char_length(name) between 1 and 40 and name = btrim(name)),
  constraint teams_join_code_format check (join_code ~ '^[A-HJ-NP-Z2-9]{8}$')
);
comment on table public.teams is 'A team of players with a shareable join code, a private leaderboard and one goal.';
comment on column public.teams.join_code is '8 characters from an unambiguous alphabet; anyone holding it may join.';
create index teams_created_by_idx on public.teams (created_by);

create table public.team_members (
  team_id uuid not null references public.teams (id) on delete cascade,
  player_id uuid not null references public.players (id) on delete cascade,
  joined_at timestamptz not null default now(),
  primary key (team_id, player_id)
);
comment on table public.team_members is 'Which players belong to which team.';
create index team_members_player_id_idx on public.team_members (player_id);

create table public.team_goals (
  team_id uuid primary key references public.teams (id) on delete cascade,
  metric text not null,
  target integer not null,
  starts_on date not null,
  ends_on date not null,
  progress bigint not null default 0,
  reached_on date,
  set_by uuid references public.players (id) on delete set null,
  updated_at timestamptz not null default now(),
  constraint team_goals_metric check (metric in ('minutes', 'cycles')),
  constraint team_goals_target check (target between 1 and 10000000),
  constraint team_goals_dates check (ends_on >= starts_on)
);
comment on table public.team_goals is
  'A team''s current goal: reach target minutes or cycles between starts_on and ends_on, summed over members.';
comment on column public.team_goals.progress is 'Minutes (whole) or cycles the current members have logged in the goal''s dates.';
comment on column public.team_goals.reached_on is 'The day progress first reached target, for the Team Goal Reached achievement.';
create index team_goals_set_by_idx on public.team_goals (set_by);

-- The caller's teams, for policies. Security definer for the same reason as private.my_player_id(): a policy on
-- team_members cannot query team_members under its own RLS. It reveals only the caller's own memberships.
create function private.my_team_ids()
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.team_id from public.team_members m where m.player_id = (select private.my_player_id());
$$;
comment on function private.my_team_ids() is 'Ids of the teams the calling device''s player belongs to. Used by RLS policies.';
grant execute on function private.my_team_ids() to authenticated, service_role;

alter table public.teams enable row level security;
alter table public.team_members enable row level security;
alter table public.team_goals enable row level security;

revoke all on table public.teams, public.team_members, public.team_goals from anon, authenticated;
grant select on table public.teams, public.team_members, public.team_goals to authenticated;

create policy "Members can read their teams"
  on public.teams for select to authenticated
  using (id in (select private.my_team_ids()));

create policy "Members can read who is in their teams"
  on public.team_members for select to authenticated
  using (team_id in (select private.my_team_ids()));

create policy "Members can read their teams' goals"
  on public.team_goals for select to authenticated
  using (team_id in (select private.my_team_ids()));

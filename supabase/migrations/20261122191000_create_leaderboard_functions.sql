-- Leaderboards, the caller's rank and the global counters.
--
-- Public boards list only players who show on the leaderboard and have a score, with public fields only
-- (handle, level, XP, streak): they are security definer because clients cannot read other players' rows.
-- Team boards list every member (joining a team shares one's progress with it) and only members may read them.
-- Ranks are competition ranks (ties share a rank: 1 + the number of players strictly above). get_my_rank counts
-- through the histogram of private.leaderboard_buckets, so it stays fast at a million players.
-- The weekly board is the ISO week of the server's UTC date; a player's weekly XP counts only while its
-- week_start is that week.

create function private.current_week()
returns date
language sql
stable
security invoker
set search_path = ''
as $$
  select private.week_start((now() at time zone 'utc')::date);
$$;
comment on function private.current_week() is 'Monday of the server''s current UTC week: the weekly leaderboard''s week.';

-- A stored streak is as of the player's last sync; once its last active day is too old for any time zone to
-- call it "today or yesterday", the public boards show it as broken.
create function private.public_streak(current_streak integer, last_active_day date)
returns integer
language sql
stable
security invoker
set search_path = ''
as $$
  select case when last_active_day >= (now() at time zone 'utc')::date - 2 then current_streak else 0 end;
$$;
comment on function private.public_streak(integer, date) is
  'The streak shown on public boards: the stored current streak, or 0 once its last active day has passed.';

create function private.check_board_arguments(scope text, team uuid)
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if scope is null or scope not in ('all_time', 'weekly') then
    raise exception using errcode = 'PT400', message = 'invalid_payload',
      detail = 'scope must be all_time or weekly.';
  end if;
  if team is not null then
    if not exists (select 1 from public.teams t where t.id = team) then
      raise exception using errcode = 'PT404', message = 'team_not_found', detail = 'No team has this id.';
    end if;
    if private.my_player_id() is null or not exists (
      select 1 from public.team_members m where m.team_id = team and m.player_id = private.my_player_id()
    ) then
      raise exception using errcode = 'PT403', message = 'not_a_member',
        detail = 'Only members of this team can see its leaderboard.';
    end if;
  end if;
end;
$$;
comment on function private.check_board_arguments(text, uuid) is
  'Validates a leaderboard scope and, for a team board, that the team exists and the caller belongs to it.';

-- Security definer: lists other players' public fields, which RLS hides from clients. Returns nothing else.
create function public.get_leaderboard(scope text default 'all_time', team_id uuid default null, row_limit integer default 100)
returns table (
  rank bigint,
  player_id uuid,
  handle text,
  level integer,
  total_xp bigint,
  weekly_xp bigint,
  current_streak integer,
  is_me boolean
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.my_player_id();
  week date := private.current_week();
begin
  perform private.check_board_arguments(scope, team_id);
  if row_limit is null or row_limit < 1 or row_limit > 1000 then
    raise exception using errcode = 'PT400', message = 'invalid_payload', detail = 'row_limit must be between 1 and 1000.';
  end if;

  if team_id is not null then
    return query
    select
      rank() over (order by b.score desc), b.player_id, b.handle, b.level, b.total_xp, b.weekly_xp,
      b.current_streak, coalesce(b.player_id = me, false)
    from (
      select s.player_id, s.handle, s.level, s.total_xp,
        case when s.week_start = week then s.weekly_xp else 0 end as weekly_xp,
        private.public_streak(s.current_streak, s.last_active_day) as current_streak,
        case when scope = 'weekly' then case when s.week_start = week then s.weekly_xp else 0 end
             else s.total_xp end as score
      from public.team_members m
      join public.player_stats s on s.player_id = m.player_id
      where m.team_id = get_leaderboard.team_id
    ) b
    order by b.score desc, b.player_id
    limit row_limit;
  elsif scope = 'weekly' then
    return query
    select
      rank() over (order by top.weekly_xp desc), top.player_id, top.handle, top.level, top.total_xp, top.weekly_xp,
      private.public_streak(top.current_streak, top.last_active_day), coalesce(top.player_id = me, false)
    from (
      select s.player_id, s.handle, s.level, s.total_xp, s.weekly_xp, s.current_streak, s.last_active_day
      from public.player_stats s
      where s.show_on_leaderboard and s.weekly_xp > 0 and s.week_start = week
      order by s.weekly_xp desc, s.player_id
      limit row_limit
    ) top
    order by top.weekly_xp desc, top.player_id;
  else
    return query
    select
      rank() over (order by top.total_xp desc), top.player_id, top.handle, top.level, top.total_xp,
      case when top.week_start = week then top.weekly_xp else 0 end,
      private.public_streak(top.current_streak, top.last_active_day), coalesce(top.player_id = me, false)
    from (
      select s.player_id, s.handle, s.level, s.total_xp, s.weekly_xp, s.week_start, s.current_streak,
        s.last_active_day
      from public.player_stats s
      where s.show_on_leaderboard and s.total_xp > 0
      order by s.total_xp desc, s.player_id
      limit row_limit
    ) top
    order by top.total_xp desc, top.player_id;
  end if;
end;
$$;
comment on function public.get_leaderboard(text, uuid, integer) is
  'Top players by all-time or weekly XP (public fields of listed players only), or a team''s board for its members.';
grant execute on function public.get_leaderboard(text, uuid, integer) to anon, authenticated, service_role;

-- Security definer: counts other players' rows, which RLS hides from clients. Returns only counts.
create function public.get_my_rank(scope text default 'all_time', team_id uuid default null)
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  me uuid := private.my_player_id();
  week date := private.current_week();
  mine public.player_stats;
  score bigint := 0;
begin
  perform private.require_device();
  perform private.check_board_arguments(scope, team_id);
  select * into mine from public.player_stats s where s.player_id = me;
  if mine.player_id is not null then
    score := case when scope = 'weekly' then case when mine.week_start = week then mine.weekly_xp else 0 end
                  else mine.total_xp end;
  end if;

  if team_id is not null then
    return jsonb_build_object(
      'rank', 1 + (
        select count(*) from public.team_members m join public.player_stats s on s.player_id = m.player_id
        where m.team_id = get_my_rank.team_id
          and (case when scope = 'weekly' then case when s.week_start = week then s.weekly_xp else 0 end
                    else s.total_xp end) > score),
      'total_players', (select count(*) from public.team_members m where m.team_id = get_my_rank.team_id),
      'score', score);
  end if;

  return jsonb_build_object(
    'rank', case when mine.player_id is not null and mine.show_on_leaderboard and score > 0
                 then 1 + private.players_above(scope, week, score) end,
    'total_players', private.board_size(scope, week),
    'score', score);
end;
$$;
comment on function public.get_my_rank(text, uuid) is
  'The caller''s competition rank on the all-time, weekly or a team board: { rank, total_players, score }.';
grant execute on function public.get_my_rank(text, uuid) to authenticated, service_role;

-- Security definer: aggregates over every player's rows, which RLS hides from clients. Returns only totals.
create function public.get_global_stats()
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
    'seconds_today', (select coalesce(sum(t.seconds), 0) from today t)
  );
$$;
comment on function public.get_global_stats() is
  'Community counters for the server''s UTC day: players, players active today, cycles and seconds today.';
grant execute on function public.get_global_stats() to anon, authenticated, service_role;

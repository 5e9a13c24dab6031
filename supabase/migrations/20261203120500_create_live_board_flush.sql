-- The live-board flush and the snapshot clients load: private.flush_live_boards() and public.get_live_board().
--
-- Viewers must receive at most one message per second per topic, and only when something they see changed,
-- whatever the push rate (docs/live-boards.md "Two rules"). So nothing is sent per push: a scheduled flush
-- (next migration) compares each board's top 100 and the tiles with the last `board` message and sends one
-- message with what changed, at most once per live_settings.board_interval, then one `team` message per team
-- marked since the last flush. The boards are get_leaderboard's own answers, so a live board and a fetched one
-- cannot disagree; get_live_board() answers from the kept snapshot, so the initial load and the polling fallback
-- cost a read of 200 small rows instead of the ranking queries.

-- A team board's rows without rank, as get_leaderboard(scope, team_id) lists them (every member, hidden ones
-- included), for the `team` message. get_leaderboard itself checks that the caller is a member, which the flush
-- (run by the database owner) is not.
create function private.team_live_members(team uuid)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  week date := private.current_week();
begin
  return (
    select coalesce(jsonb_agg(jsonb_build_object(
        'player_id', s.player_id, 'handle', s.handle, 'level', s.level, 'total_xp', s.total_xp,
        'weekly_xp', case when s.week_start = week then s.weekly_xp else 0 end,
        'current_streak', private.public_streak(s.current_streak, s.last_active_day))
      order by s.total_xp desc, s.player_id), '[]'::jsonb)
    from public.team_members m
    join public.player_stats s on s.player_id = m.player_id
    where m.team_id = team
  );
end;
$$;
comment on function private.team_live_members(uuid) is
  'Every member of a team with the public fields team boards show (no rank), for the `team` live message.';

-- Both boards' top 100 now, as the rows of the snapshot table (what get_leaderboard(board, null, 100) answers).
create function private.live_board_top()
returns private.live_board_rows[]
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return array(
    select row(b.board, l.player_id, l.handle, l.level, l.total_xp, l.weekly_xp, l.current_streak, l.rank)::private.live_board_rows
    from unnest(array['all_time', 'weekly']) as b (board)
    cross join lateral public.get_leaderboard(b.board, null, 100) l
  );
end;
$$;
comment on function private.live_board_top() is
  'The all-time and weekly top 100, computed by get_leaderboard, as live_board_rows.';

-- One board's rows as the BoardRow array clients read, in board order.
create function private.live_board_json(board_rows private.live_board_rows[], board text)
returns jsonb
language plpgsql
immutable
security invoker
set search_path = ''
as $$
begin
  return (
    select coalesce(jsonb_agg(jsonb_build_object('player_id', f.player_id, 'handle', f.handle, 'level', f.level,
        'total_xp', f.total_xp, 'weekly_xp', f.weekly_xp, 'current_streak', f.current_streak, 'rank', f.rank)
        order by f.rank, f.player_id), '[]'::jsonb)
    from unnest(board_rows) f
    where f.board = live_board_json.board
  );
end;
$$;
comment on function private.live_board_json(private.live_board_rows[], text) is
  'One board''s rows (player_id, handle, level, total_xp, weekly_xp, current_streak, rank) as a JSON array in rank order.';

-- One board's diff against the snapshot: { rows, removed } or null when nothing public changed. Rank is not
-- compared (clients re-rank after applying a diff), only the fields a row shows.
create function private.live_board_diff(fresh private.live_board_rows[], board text)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  changed jsonb;
  removed jsonb;
begin
  select jsonb_agg(jsonb_build_object('player_id', f.player_id, 'handle', f.handle, 'level', f.level,
      'total_xp', f.total_xp, 'weekly_xp', f.weekly_xp, 'current_streak', f.current_streak, 'rank', f.rank)
      order by f.rank, f.player_id)
  into changed
  from unnest(fresh) f
  left join private.live_board_rows r on r.board = f.board and r.player_id = f.player_id
  where f.board = live_board_diff.board
    and (r.player_id is null
      or (r.handle, r.level, r.total_xp, r.weekly_xp, r.current_streak)
         is distinct from (f.handle, f.level, f.total_xp, f.weekly_xp, f.current_streak));

  select jsonb_agg(r.player_id order by r.rank, r.player_id)
  into removed
  from private.live_board_rows r
  where r.board = live_board_diff.board
    and not exists (select 1 from unnest(fresh) f where f.board = r.board and f.player_id = r.player_id);

  if changed is null and removed is null then
    return null;
  end if;
  return jsonb_build_object('rows', coalesce(changed, '[]'::jsonb), 'removed', coalesce(removed, '[]'::jsonb));
end;
$$;
comment on function private.live_board_diff(private.live_board_rows[], text) is
  'Rows of one board that entered or changed since the snapshot, and players that left its top 100; null when none.';

-- Runs every second (scheduled as the database owner, never by clients). Security invoker: its caller already
-- owns everything it touches, and realtime.send needs no client privilege.
create function private.flush_live_boards()
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  settings private.live_settings;
  state private.live_board_state;
  week date := private.current_week();
  tiles jsonb;
  fresh private.live_board_rows[];
  all_time_diff jsonb;
  weekly_diff jsonb;
  message jsonb;
  teams uuid[];
  team uuid;
begin
  -- Two runs never overlap: a run that finds another one busy leaves the work to it and to the next second.
  if not pg_try_advisory_xact_lock(hashtext('breath-master live boards')) then
    return;
  end if;

  delete from private.breathing_devices b where b.until <= now();
  tiles := public.get_global_stats();
  fresh := private.live_board_top();
  all_time_diff := private.live_board_diff(fresh, 'all_time');
  weekly_diff := private.live_board_diff(fresh, 'weekly');

  select * into settings from private.live_settings;
  select * into state from private.live_board_state for update;
  if (all_time_diff is not null or weekly_diff is not null or tiles is distinct from state.stats
      or week is distinct from state.week_start)
     and (state.at is null or now() - state.at >= settings.board_interval) then
    -- Only a board with a diff is rewritten; within it every row may have a new rank.
    delete from private.live_board_rows r
    where (r.board = 'all_time' and all_time_diff is not null) or (r.board = 'weekly' and weekly_diff is not null);
    insert into private.live_board_rows
    select f.*
    from unnest(fresh) f
    where (f.board = 'all_time' and all_time_diff is not null) or (f.board = 'weekly' and weekly_diff is not null);

    update private.live_board_state s
    set seq = s.seq + 1, at = now(), stats = tiles, week_start = week
    returning * into state;

    message := jsonb_build_object('seq', state.seq, 'at', state.at, 'week_start', state.week_start, 'stats', tiles);
    if all_time_diff is not null then
      message := message || jsonb_build_object('all_time', all_time_diff);
    end if;
    if weekly_diff is not null then
      message := message || jsonb_build_object('weekly', weekly_diff);
    end if;
    perform realtime.send(message, 'board', 'leaderboard', true);
  end if;

  -- Marks committed after this delete stay for the next run. A closed team has no topic left to tell.
  with handled as (
    delete from private.live_team_marks m returning m.team_id
  )
  select array_agg(distinct h.team_id) into teams from handled h;
  for team in select t.id from public.teams t where t.id = any (teams) order by t.id loop
    perform realtime.send(
      jsonb_build_object('team', private.team_object(team), 'members', private.team_live_members(team)),
      'team', 'team:' || team, true);
  end loop;
end;
$$;
comment on function private.flush_live_boards() is
  'Sends the live `board` message (when a top 100 or a tile changed, at most once per board_interval) and one `team` message per marked team.';

-- Security definer: the snapshot is private and the boards list other players' public fields, as
-- get_leaderboard does. It returns only those fields and the community tiles.
create function public.get_live_board()
returns jsonb
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  state private.live_board_state;
  fresh private.live_board_rows[];
begin
  select * into state from private.live_board_state;
  if state.seq = 0 then
    -- Before the first flush there is no snapshot: the same boards, computed now.
    fresh := private.live_board_top();
    return jsonb_build_object('seq', 0, 'at', now(), 'week_start', private.current_week(),
      'all_time', private.live_board_json(fresh, 'all_time'), 'weekly', private.live_board_json(fresh, 'weekly'),
      'stats', public.get_global_stats());
  end if;
  return jsonb_build_object('seq', state.seq, 'at', state.at, 'week_start', state.week_start,
    'all_time', private.live_board_json(array(select r from private.live_board_rows r where r.board = 'all_time'), 'all_time'),
    'weekly', private.live_board_json(array(select r from private.live_board_rows r where r.board = 'weekly'), 'weekly'),
    'stats', state.stats);
end;
$$;
comment on function public.get_live_board() is
  'The live boards as of the last `board` message: { seq, at, week_start, all_time, weekly, stats } (computed now before the first).';
grant execute on function public.get_live_board() to anon, authenticated, service_role;

-- get_live_board() answers from a stored document instead of building it on every call.
--
-- get_live_board is the initial load of every viewer and the polling fallback of those without a channel
-- (every 10 s each), so it may run far more often than the flush. It built 200 rows of JSON per call (about
-- 1 ms of database time at 100,000 players); the flush now stores the whole answer when it sends a message,
-- and get_live_board returns it. Before the first flush it still computes the boards live (seq 0).

alter table private.live_board_state add column snapshot jsonb;
comment on column private.live_board_state.snapshot is
  'get_live_board()''s answer as of the last `board` message: { seq, at, week_start, all_time, weekly, stats }.';

-- A state from before this migration has no stored document: the next flush that sends stores one, and until
-- then the rows are read as before.
update private.live_board_state s
set snapshot = jsonb_build_object('seq', s.seq, 'at', s.at, 'week_start', s.week_start,
  'all_time', private.live_board_json(array(select r from private.live_board_rows r where r.board = 'all_time'), 'all_time'),
  'weekly', private.live_board_json(array(select r from private.live_board_rows r where r.board = 'weekly'), 'weekly'),
  'stats', s.stats)
where s.seq > 0;

-- Security definer: the snapshot is private and the boards list other players' public fields, as
-- get_leaderboard does. It returns only those fields and the community tiles.
create or replace function public.get_live_board()
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
  if state.seq > 0 then
    return state.snapshot;
  end if;
  -- Before the first flush there is no snapshot: the same boards, computed now.
  fresh := private.live_board_top();
  return jsonb_build_object('seq', 0, 'at', now(), 'week_start', private.current_week(),
    'all_time', private.live_board_json(fresh, 'all_time'), 'weekly', private.live_board_json(fresh, 'weekly'),
    'stats', public.get_global_stats());
end;
$$;
comment on function public.get_live_board() is
  'The live boards as of the last `board` message: { seq, at, week_start, all_time, weekly, stats } (computed now before the first).';
grant execute on function public.get_live_board() to anon, authenticated, service_role;

-- The flush as before, also storing get_live_board's answer.
create or replace function private.flush_live_boards()
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
  tiles := private.fold_live_tiles();
  fresh := private.live_board_top();
  all_time_diff := private.live_board_diff(fresh, 'all_time');
  weekly_diff := private.live_board_diff(fresh, 'weekly');

  select * into settings from private.live_settings;
  select * into state from private.live_board_state for update;
  if (all_time_diff is not null or weekly_diff is not null or tiles is distinct from state.stats
      or week is distinct from state.week_start)
     -- A scheduler's tick drifts a little either way (pg_cron's and the devstack's alike): a strict
     -- `>= board_interval` would skip every other one-second tick and halve the rate. A quarter of the interval
     -- (at most 250 ms) of slack keeps one message per tick without ever sending two within one interval.
     and (state.at is null
       or now() - state.at >= settings.board_interval - least(settings.board_interval / 4, interval '250 milliseconds')) then
    -- Only a board with a diff is rewritten; within it every row may have a new rank.
    delete from private.live_board_rows r
    where (r.board = 'all_time' and all_time_diff is not null) or (r.board = 'weekly' and weekly_diff is not null);
    insert into private.live_board_rows
    select f.*
    from unnest(fresh) f
    where (f.board = 'all_time' and all_time_diff is not null) or (f.board = 'weekly' and weekly_diff is not null);

    -- Unchanged boards have unchanged ranks too (a rank counts only players above, all in the top 100), so
    -- the fresh rows are the snapshot in full.
    update private.live_board_state s
    set seq = s.seq + 1, at = now(), stats = tiles, week_start = week,
        snapshot = jsonb_build_object('seq', s.seq + 1, 'at', now(), 'week_start', week,
          'all_time', private.live_board_json(fresh, 'all_time'), 'weekly', private.live_board_json(fresh, 'weekly'),
          'stats', tiles)
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

-- The live tiles counted as data changes, so the flush does not aggregate a day of progress every second.
--
-- get_global_stats counts all players and sums today's daily rows: about 60 ms at 100,000 players with 30,000
-- active today, which every second is most of the flush. Statement triggers on players and daily_progress now
-- append the change each statement makes to those counters (players; per day from the server's current UTC day
-- on: players at or above 60 s, cycles, seconds) to private.live_tile_changes, and the flush folds them into
-- private.live_tiles. Appending never waits on a hot counter row; only the flush writes the folded rows.
--
-- Exact, not estimated: a change row commits with the daily rows it describes, and every write of daily rows
-- (sync, pairing, deletion) holds its player's row lock, so "at or above 60 s before and after" is computed on
-- the player's true totals. Days before the current UTC day are never shown again, so they are not tracked.
-- private.recount_live_tiles() rebuilds the counters from the tables: this migration runs it, and so must anyone
-- who writes these tables with triggers off (benchmark seeders). Tests hold the folded tiles to get_global_stats.

create table private.live_tile_changes (
  day date,
  players integer not null default 0,
  active integer not null default 0,
  cycles bigint not null default 0,
  seconds bigint not null default 0
);
comment on table private.live_tile_changes is
  'Append-only changes to the live tiles (day null: players), folded into live_tiles by the flush.';
alter table private.live_tile_changes enable row level security;

create table private.live_tiles (
  day date primary key,
  active bigint not null,
  cycles bigint not null,
  seconds bigint not null
);
comment on table private.live_tiles is
  'Per UTC day from the current one on: players at or above 60 s, cycles and seconds, as of the last fold.';
alter table private.live_tiles enable row level security;

create table private.live_player_count (
  id boolean primary key default true,
  players bigint not null,
  constraint live_player_count_single_row check (id)
);
comment on table private.live_player_count is 'The number of players as of the last fold (one row).';
alter table private.live_player_count enable row level security;

-- Security definer (both triggers): the changes are private, and a player's day totals are read across its
-- devices whichever role writes. They write only counter changes.
create function private.count_live_progress()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  first_day date := (now() at time zone 'utc')::date;
  row_players uuid[] := '{}';
  row_days date[] := '{}';
  row_cycles bigint[] := '{}';
  row_seconds bigint[] := '{}';
begin
  -- The statement's rows from the current day on: new ones count up, old ones down. Each branch names only the
  -- transition tables its trigger has (a plan is made when a branch first runs).
  if tg_op in ('INSERT', 'UPDATE') then
    select coalesce(array_agg(n.player_id), '{}'), coalesce(array_agg(n.day), '{}'),
           coalesce(array_agg(n.cycles::bigint), '{}'), coalesce(array_agg(n.seconds::bigint), '{}')
    into row_players, row_days, row_cycles, row_seconds
    from new_rows n where n.day >= first_day;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    select row_players || coalesce(array_agg(o.player_id), '{}'), row_days || coalesce(array_agg(o.day), '{}'),
           row_cycles || coalesce(array_agg(-o.cycles::bigint), '{}'),
           row_seconds || coalesce(array_agg(-o.seconds::bigint), '{}')
    into row_players, row_days, row_cycles, row_seconds
    from old_rows o where o.day >= first_day;
  end if;
  if cardinality(row_players) = 0 then
    return null;
  end if;

  -- Per player and day, its total now (this statement included) and before (now minus the statement's change).
  insert into private.live_tile_changes (day, active, cycles, seconds)
  select c.day,
    sum((t.now_seconds >= 60)::integer - (t.now_seconds - c.seconds >= 60)::integer),
    sum(c.cycles), sum(c.seconds)
  from (
    select r.player_id, r.day, sum(r.cycles) as cycles, sum(r.seconds) as seconds
    from unnest(row_players, row_days, row_cycles, row_seconds) as r (player_id, day, cycles, seconds)
    group by r.player_id, r.day
  ) c
  cross join lateral (
    select coalesce(sum(d.seconds), 0) as now_seconds
    from public.daily_progress d where d.player_id = c.player_id and d.day = c.day
  ) t
  group by c.day;
  return null;
end;
$$;
comment on function private.count_live_progress() is
  'Statement trigger on daily_progress: appends the change to today''s (and later days'') live tiles.';

create trigger count_live_progress_on_insert
  after insert on public.daily_progress
  referencing new table as new_rows
  for each statement
  execute function private.count_live_progress();

create trigger count_live_progress_on_update
  after update on public.daily_progress
  referencing old table as old_rows new table as new_rows
  for each statement
  execute function private.count_live_progress();

create trigger count_live_progress_on_delete
  after delete on public.daily_progress
  referencing old table as old_rows
  for each statement
  execute function private.count_live_progress();

create function private.count_live_players()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into private.live_tile_changes (players) select count(*) from new_rows having count(*) > 0;
  else
    insert into private.live_tile_changes (players) select -count(*) from old_rows having count(*) > 0;
  end if;
  return null;
end;
$$;
comment on function private.count_live_players() is 'Statement trigger on players: appends the change to the player count.';

create trigger count_live_players_on_insert
  after insert on public.players
  referencing new table as new_rows
  for each statement
  execute function private.count_live_players();

create trigger count_live_players_on_delete
  after delete on public.players
  referencing old table as old_rows
  for each statement
  execute function private.count_live_players();

-- Recounts from the tables: for this migration, and after writes made with triggers off.
create function private.recount_live_tiles()
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
  -- Writers append while this runs; the lock makes the recount and the pending changes agree.
  lock table private.live_tile_changes in exclusive mode;
  delete from private.live_tile_changes;
  delete from private.live_tiles;
  delete from private.live_player_count;
  insert into private.live_player_count (players) select count(*) from public.players;
  insert into private.live_tiles (day, active, cycles, seconds)
  select t.day, count(*) filter (where t.seconds >= 60), sum(t.cycles), sum(t.seconds)
  from (
    select d.day, d.player_id, sum(d.cycles) as cycles, sum(d.seconds) as seconds
    from public.daily_progress d
    where d.day >= (now() at time zone 'utc')::date
    group by d.day, d.player_id
  ) t
  group by t.day;
end;
$$;
comment on function private.recount_live_tiles() is
  'Rebuilds the live tile counters from players and daily_progress (after writes made with triggers off).';

select private.recount_live_tiles();

-- The tiles as get_global_stats() answers them, from the counters: folds the pending changes first.
create function private.fold_live_tiles()
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  today date := (now() at time zone 'utc')::date;
  tiles private.live_tiles;
begin
  with pending as (
    delete from private.live_tile_changes c returning c.day, c.players, c.active, c.cycles, c.seconds
  ),
  folded as (
    insert into private.live_tiles as t (day, active, cycles, seconds)
    select p.day, sum(p.active), sum(p.cycles), sum(p.seconds)
    from pending p
    where p.day >= today
    group by p.day
    on conflict (day) do update
      set active = t.active + excluded.active, cycles = t.cycles + excluded.cycles, seconds = t.seconds + excluded.seconds
  )
  update private.live_player_count c
  set players = c.players + (select coalesce(sum(p.players), 0) from pending p);
  delete from private.live_tiles t where t.day < today;

  select * into tiles from private.live_tiles t where t.day = today;
  return jsonb_build_object(
    'players', (select c.players from private.live_player_count c),
    'active_today', coalesce(tiles.active, 0),
    'cycles_today', coalesce(tiles.cycles, 0),
    'seconds_today', coalesce(tiles.seconds, 0),
    'breathing_now', (select count(*) from private.breathing_devices b where b.until > now())
  );
end;
$$;
comment on function private.fold_live_tiles() is
  'Folds pending tile changes and returns the tiles exactly as get_global_stats() would: { players, active_today, cycles_today, seconds_today, breathing_now }.';

-- The flush as before, its tiles from the counters.
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

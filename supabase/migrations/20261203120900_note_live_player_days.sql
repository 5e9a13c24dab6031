-- Cheaper pushes: the tile counters learn which player-days changed, and the flush recounts only those.
--
-- The statement triggers of 20261203120700 computed each change on the push itself: two trigger calls per
-- upsert (insert and update), a copy of every row the statement wrote (30 for a full push) and a sum over the
-- player's devices, about 15% of sync_progress's database time. Now row triggers whose WHEN clause admits only
-- rows of the current UTC day or later (one or two per push; past days never show again) append the player and
-- day to private.live_touched_days. Once a second the flush takes those marks, recomputes each touched player's
-- day totals from daily_progress, compares them with the totals it last counted (private.live_day_players) and
-- moves the tiles by the difference. Recomputing is idempotent, so a mark committed while the flush runs is at
-- worst counted twice with the same result; the tiles stay exactly get_global_stats().

drop trigger count_live_progress_on_insert on public.daily_progress;
drop trigger count_live_progress_on_update on public.daily_progress;
drop trigger count_live_progress_on_delete on public.daily_progress;
drop function private.count_live_progress();

create table private.live_touched_days (
  player_id uuid not null,
  day date not null
);
comment on table private.live_touched_days is
  'Append-only marks of player-days (current UTC day or later) whose daily rows changed since the last flush.';
alter table private.live_touched_days enable row level security;

create table private.live_day_players (
  day date not null,
  player_id uuid not null,
  cycles bigint not null,
  seconds bigint not null,
  -- No foreign key: a deleted player's totals must stay until the flush counts them out.
  primary key (day, player_id)
);
comment on table private.live_day_players is
  'Per UTC day (current or later) and player: the cycles and seconds the live tiles last counted.';
alter table private.live_day_players enable row level security;

-- Security definer: the marks are private, whichever role writes daily_progress. It writes only the player and
-- the day of the changed row.
create function private.note_live_progress()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  first_day date := (now() at time zone 'utc')::date;
begin
  if tg_op <> 'INSERT' and old.day >= first_day then
    insert into private.live_touched_days (player_id, day) values (old.player_id, old.day);
  end if;
  if tg_op <> 'DELETE' and new.day >= first_day
     and (tg_op = 'INSERT' or (new.player_id, new.day) is distinct from (old.player_id, old.day)) then
    insert into private.live_touched_days (player_id, day) values (new.player_id, new.day);
  end if;
  return null;
end;
$$;
comment on function private.note_live_progress() is
  'Trigger on daily_progress: marks the player-day of a changed row (current UTC day or later) for the live tiles.';

create trigger note_live_progress_on_insert
  after insert on public.daily_progress
  for each row
  when (new.day >= (now() at time zone 'utc')::date)
  execute function private.note_live_progress();

create trigger note_live_progress_on_update
  after update on public.daily_progress
  for each row
  when (new.day >= (now() at time zone 'utc')::date or old.day >= (now() at time zone 'utc')::date)
  execute function private.note_live_progress();

create trigger note_live_progress_on_delete
  after delete on public.daily_progress
  for each row
  when (old.day >= (now() at time zone 'utc')::date)
  execute function private.note_live_progress();

create or replace function private.recount_live_tiles()
returns void
language plpgsql
volatile
security invoker
set search_path = ''
as $$
begin
  -- Writers append while this runs; the locks make the recount and the pending marks agree.
  lock table private.live_tile_changes, private.live_touched_days in exclusive mode;
  delete from private.live_tile_changes;
  delete from private.live_touched_days;
  delete from private.live_player_count;
  delete from private.live_day_players;
  delete from private.live_tiles;
  insert into private.live_player_count (players) select count(*) from public.players;
  insert into private.live_day_players (day, player_id, cycles, seconds)
  select d.day, d.player_id, sum(d.cycles), sum(d.seconds)
  from public.daily_progress d
  where d.day >= (now() at time zone 'utc')::date
  group by d.day, d.player_id;
  insert into private.live_tiles (day, active, cycles, seconds)
  select p.day, count(*) filter (where p.seconds >= 60), sum(p.cycles), sum(p.seconds)
  from private.live_day_players p
  group by p.day;
end;
$$;
comment on function private.recount_live_tiles() is
  'Rebuilds the live tile counters from players and daily_progress (after writes made with triggers off).';

select private.recount_live_tiles();

-- Only the player count is appended there now.
alter table private.live_tile_changes drop column day, drop column active, drop column cycles, drop column seconds;
comment on table private.live_tile_changes is 'Append-only changes to the number of players, folded by the flush.';

create or replace function private.fold_live_tiles()
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  today date := (now() at time zone 'utc')::date;
  touched_players uuid[];
  touched_days date[];
  tiles private.live_tiles;
begin
  with pending as (
    delete from private.live_tile_changes c returning c.players
  )
  update private.live_player_count c
  set players = c.players + (select coalesce(sum(p.players), 0) from pending p);

  with marks as (
    delete from private.live_touched_days t returning t.player_id, t.day
  )
  select coalesce(array_agg(m.player_id), '{}'), coalesce(array_agg(m.day), '{}')
  into touched_players, touched_days
  from (select distinct k.player_id, k.day from marks k where k.day >= today) m;

  if cardinality(touched_players) > 0 then
    -- All parts of one statement see the counted totals as they were before it, so the differences and the
    -- new totals agree.
    with fresh as (
      select t.player_id, t.day, coalesce(sum(d.cycles), 0)::bigint as cycles, coalesce(sum(d.seconds), 0)::bigint as seconds
      from unnest(touched_players, touched_days) as t (player_id, day)
      left join public.daily_progress d on d.player_id = t.player_id and d.day = t.day
      group by t.player_id, t.day
    ),
    diff as (
      select f.day, f.player_id, f.cycles, f.seconds,
        f.cycles - coalesce(c.cycles, 0) as cycles_change,
        f.seconds - coalesce(c.seconds, 0) as seconds_change,
        (f.seconds >= 60)::integer - (coalesce(c.seconds, 0) >= 60)::integer as active_change
      from fresh f
      left join private.live_day_players c on c.day = f.day and c.player_id = f.player_id
    ),
    counted as (
      insert into private.live_day_players as c (day, player_id, cycles, seconds)
      select d.day, d.player_id, d.cycles, d.seconds from diff d
      on conflict (day, player_id) do update set cycles = excluded.cycles, seconds = excluded.seconds
    )
    insert into private.live_tiles as t (day, active, cycles, seconds)
    select d.day, sum(d.active_change), sum(d.cycles_change), sum(d.seconds_change)
    from diff d
    group by d.day
    on conflict (day) do update
      set active = t.active + excluded.active, cycles = t.cycles + excluded.cycles, seconds = t.seconds + excluded.seconds;
  end if;

  delete from private.live_tiles t where t.day < today;
  delete from private.live_day_players p where p.day < today;

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

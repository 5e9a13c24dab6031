-- sync_progress: the one write path for progress.
--
-- A device pushes its counters for the last 30 days of its local calendar. The function checks the whole push
-- before writing anything (shape, size, day window, plausibility: packages/core/RULES.md "XP"), then upserts each
-- (device, day) with greatest() per counter, so a push is idempotent and pushes commute: retries, duplicates
-- and reordering all end in the same rows. The first push of a device registers it and creates its player
-- with a generated handle. Finally the player's stats are rebuilt and returned as `my_stats`.
--
-- Errors follow ARCHITECTURE.md: errcode PT4xx, message = stable code, detail = human text, nothing changed.

-- Checks a local "today" against the server clock: devices may be a day ahead of or behind UTC.
create function private.check_today(today date)
returns void
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  server_day date := (now() at time zone 'utc')::date;
begin
  if today is null then
    raise exception using errcode = 'PT400', message = 'invalid_payload', detail = 'today is required.';
  end if;
  if today < server_day - 1 or today > server_day + 1 then
    raise exception using errcode = 'PT400', message = 'today_out_of_window',
      detail = format('today %s is more than one day away from the server''s date %s: check the device clock.',
        today, server_day);
  end if;
end;
$$;
comment on function private.check_today(date) is
  'Raises today_out_of_window unless the device''s local date is within one day of the server''s UTC date.';

-- Reads one non-negative whole number from a push entry, or raises.
create function private.counter_value(entry jsonb, field text, entry_index bigint)
returns bigint
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  value jsonb := entry -> field;
  number numeric;
begin
  if value is null or jsonb_typeof(value) <> 'number' then
    raise exception using errcode = 'PT400', message = 'invalid_payload',
      detail = format('days[%s].%s must be a whole number.', entry_index - 1, field);
  end if;
  number := value::numeric;
  if number <> trunc(number) then
    raise exception using errcode = 'PT400', message = 'invalid_payload',
      detail = format('days[%s].%s must be a whole number, got %s.', entry_index - 1, field, value);
  end if;
  if number < 0 or number > 1000000 then
    raise exception using errcode = 'PT400', message = 'implausible_counters',
      detail = format('days[%s].%s = %s is out of range.', entry_index - 1, field, value);
  end if;
  return number::bigint;
end;
$$;
comment on function private.counter_value(jsonb, text, bigint) is
  'One counter of a sync_progress entry as a whole number; raises invalid_payload or implausible_counters.';

-- Validates a whole push and returns its rows. Nothing is written here, so any error leaves the data untouched.
create function private.parse_push(days jsonb, today date)
returns table (day date, xp integer, cycles integer, seconds integer)
language plpgsql
immutable
security invoker
set search_path = ''
as $$
declare
  entry jsonb;
  entry_index bigint;
  day_text text;
  parsed date;
  seen date[] := '{}';
begin
  if days is null or jsonb_typeof(days) <> 'array' then
    raise exception using errcode = 'PT400', message = 'invalid_payload',
      detail = 'days must be a JSON array of { day, xp, cycles, seconds }.';
  end if;
  if jsonb_array_length(days) > 31 then
    raise exception using errcode = 'PT400', message = 'too_many_days',
      detail = format('A push carries at most 31 days, got %s.', jsonb_array_length(days));
  end if;
  for entry, entry_index in select e.value, e.ordinality from jsonb_array_elements(days) with ordinality e loop
    if jsonb_typeof(entry) <> 'object' then
      raise exception using errcode = 'PT400', message = 'invalid_payload',
        detail = format('days[%s] must be an object.', entry_index - 1);
    end if;
    day_text := case when jsonb_typeof(entry -> 'day') = 'string' then entry ->> 'day' end;
    if day_text is null or day_text !~ '^\d{4}-\d{2}-\d{2}$' then
      raise exception using errcode = 'PT400', message = 'invalid_payload',
        detail = format('days[%s].day must be a date written YYYY-MM-DD.', entry_index - 1);
    end if;
    begin
      parsed := day_text::date;
    exception when datetime_field_overflow or invalid_datetime_format then
      raise exception using errcode = 'PT400', message = 'invalid_payload',
        detail = format('days[%s].day %s is not a calendar date.', entry_index - 1, day_text);
    end;
    if parsed = any (seen) then
      raise exception using errcode = 'PT400', message = 'invalid_payload',
        detail = format('days[%s].day %s appears more than once.', entry_index - 1, day_text);
    end if;
    seen := seen || parsed;
    -- A push covers the device's last 30 days (31 with today); older days are settled, later ones impossible.
    if parsed > today or parsed < today - 30 then
      raise exception using errcode = 'PT400', message = 'day_out_of_window',
        detail = format('days[%s].day %s is outside %s .. %s.', entry_index - 1, day_text, today - 30, today);
    end if;
    day := parsed;
    xp := private.counter_value(entry, 'xp', entry_index);
    cycles := private.counter_value(entry, 'cycles', entry_index);
    seconds := private.counter_value(entry, 'seconds', entry_index);
    if not private.counters_are_plausible(xp, cycles, seconds) then
      raise exception using errcode = 'PT400', message = 'implausible_counters',
        detail = format('days[%s] (%s): xp %s, cycles %s, seconds %s cannot be earned in one day '
          '(xp <= ceil(seconds / 3) + 10, cycles * 4 <= seconds + 60, seconds <= 86400).',
          entry_index - 1, day_text, xp, cycles, seconds);
    end if;
    return next;
  end loop;
end;
$$;
comment on function private.parse_push(jsonb, date) is
  'Validates a sync_progress push (shape, at most 31 days, day window, plausibility) and returns its rows.';

-- Finds or registers the calling device and returns its player, holding row locks on both so concurrent
-- pushes of one player rebuild its stats one after another.
create function private.register_device(device uuid, device_kind text)
returns uuid
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  player uuid;
  new_player uuid;
begin
  select d.player_id into player from public.player_devices d where d.user_id = device for update;
  if player is null then
    if not exists (select 1 from auth.users u where u.id = device) then
      raise exception using errcode = 'PT401', message = 'not_authenticated',
        detail = 'This device''s user no longer exists: sign in again.';
    end if;
    new_player := private.create_player();
    insert into public.player_devices (user_id, player_id, kind)
    values (device, new_player, device_kind)
    on conflict (user_id) do nothing;
    select d.player_id into player from public.player_devices d where d.user_id = device for update;
    if player <> new_player then
      -- A concurrent first push of the same device registered it first.
      delete from public.players p where p.id = new_player;
    end if;
  end if;
  perform 1 from public.players p where p.id = player for update;
  return player;
end;
$$;
comment on function private.register_device(uuid, text) is
  'The player of a device, creating both on the device''s first call; locks the device and player rows.';

-- Security definer: clients have no write access to progress tables; this function is the only way in and
-- validates every value first. It writes only rows of the calling device (auth.uid()).
create function public.sync_progress(days jsonb, today date, device_kind text default 'vscode')
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  device uuid := private.require_device();
  player uuid;
  push_days date[];
  push_xp integer[];
  push_cycles integer[];
  push_seconds integer[];
begin
  perform private.check_today(today);
  if device_kind is null or device_kind not in ('vscode', 'web', 'cli', 'other') then
    raise exception using errcode = 'PT400', message = 'invalid_payload',
      detail = 'device_kind must be one of vscode, web, cli, other.';
  end if;
  -- Validate the whole push before the first write.
  select coalesce(array_agg(r.day), '{}'), coalesce(array_agg(r.xp), '{}'), coalesce(array_agg(r.cycles), '{}'),
         coalesce(array_agg(r.seconds), '{}')
  into push_days, push_xp, push_cycles, push_seconds
  from private.parse_push(days, today) r;

  player := private.register_device(device, device_kind);

  insert into public.daily_progress as d (device_id, player_id, day, xp, cycles, seconds)
  select device, player, r.day, r.xp, r.cycles, r.seconds
  from unnest(push_days, push_xp, push_cycles, push_seconds) as r (day, xp, cycles, seconds)
  on conflict (device_id, day) do update set
    xp = greatest(d.xp, excluded.xp),
    cycles = greatest(d.cycles, excluded.cycles),
    seconds = greatest(d.seconds, excluded.seconds),
    updated_at = now()
  where excluded.xp > d.xp or excluded.cycles > d.cycles or excluded.seconds > d.seconds;

  update public.player_devices d set last_sync_at = now() where d.user_id = device;
  perform private.refresh_player_stats(player, today);
  return private.my_stats(player);
end;
$$;
comment on function public.sync_progress(jsonb, date, text) is
  'Pushes a device''s daily counters (at most 31 days, merged with greatest()), registering the device on first call; returns my_stats.';
grant execute on function public.sync_progress(jsonb, date, text) to authenticated, service_role;

-- The game rules of packages/core/RULES.md (rules version 1), as pure SQL functions.
--
-- packages/core implements the same rules in TypeScript; both are tested against the shared vectors in
-- packages/core/vectors, so the extension, the dashboard and the server always agree on a player's level and
-- streaks. Everything here is immutable and has no access to tables.

-- Level n starts at 50 * n * (n - 1) XP: level 1 at 0, 2 at 100, 3 at 300, 10 at 4,500. No cap.
create function private.level_for_xp(xp bigint)
returns integer
language sql
immutable
strict
parallel safe
security invoker
set search_path = ''
as $$
  -- Solve 50n(n-1) <= xp for the largest n, then correct the floating-point estimate by one either way.
  with estimate as (
    select floor((1 + sqrt(1 + 0.08 * greatest(xp, 0)::numeric)) / 2)::bigint as n
  )
  select (case
    when 50 * e.n * (e.n - 1) > greatest(xp, 0) then e.n - 1
    when 50 * (e.n + 1) * e.n <= greatest(xp, 0) then e.n + 1
    else e.n
  end)::integer
  from estimate e;
$$;
comment on function private.level_for_xp(bigint) is
  'Level for a total XP (packages/core/RULES.md "Levels"): level n starts at 50 * n * (n - 1) XP.';

-- The Monday of the ISO week that contains a day.
create function private.week_start(day date)
returns date
language sql
immutable
strict
parallel safe
security invoker
set search_path = ''
as $$
  select day - (extract(isodow from day)::integer - 1);
$$;
comment on function private.week_start(date) is 'The Monday of the ISO week containing the given day.';

-- The streak runs through a set of active days (packages/core/RULES.md "Days and streaks"): for each active day, the
-- length of the run it belongs to at that day. Streak achievements and streak_summary() read it.
create function private.streak_runs(active_days date[])
returns table (day date, run_length integer)
language plpgsql
immutable
parallel safe
security invoker
set search_path = ''
as $$
declare
  active date;
  previous date;
  length integer := 0;
  freezes integer := 0;
begin
  -- 1. Walk the distinct active days in order.
  for active in select distinct d from unnest(active_days) as d where d is not null order by d loop
    if previous is null or active - previous >= 3 then
      -- 2. First day, or two or more inactive days in a row: a new run starts.
      length := 1;
      freezes := 0;
    elsif active - previous = 1 then
      length := length + 1;
    elsif freezes > 0 then
      -- 3. A single inactive day bridged by a freeze; the frozen day adds nothing to the length.
      freezes := freezes - 1;
      length := length + 1;
    else
      length := 1;
    end if;
    -- 4. Every 7th active day of a run earns a freeze; at most two are held.
    if length % 7 = 0 then
      freezes := least(freezes + 1, 2);
    end if;
    day := active;
    run_length := length;
    return next;
    previous := active;
  end loop;
end;
$$;
comment on function private.streak_runs(date[]) is
  'For each active day, the length of its streak run (with streak freezes), in day order.';
-- Pure; achievements() calls it as the device from invoker RPCs.
grant execute on function private.streak_runs(date[]) to authenticated, service_role;

-- Current and longest streak as of a local day: days after it are ignored, and the run is current while its
-- last active day is today or yesterday.
create function private.streak_summary(active_days date[], today date, out current_streak integer, out longest_streak integer)
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  with runs as (
    select r.day, r.run_length
    from private.streak_runs(array(select d from unnest(active_days) d where d <= today)) r
  )
  select
    coalesce((select r.run_length from runs r where r.day >= today - 1 order by r.day desc limit 1), 0),
    coalesce((select max(r.run_length) from runs r), 0);
$$;
comment on function private.streak_summary(date[], date) is
  'Current and longest streak (with streak freezes) from a set of active days, as of the given local day.';

-- packages/core/RULES.md "XP": what one device can plausibly record for one day.
create function private.counters_are_plausible(xp bigint, cycles bigint, seconds bigint)
returns boolean
language sql
immutable
parallel safe
security invoker
set search_path = ''
as $$
  select xp >= 0 and cycles >= 0 and seconds >= 0
    and seconds <= 86400
    and xp <= ceil(seconds / 3.0) + 10
    and cycles * 4 <= seconds + 60;
$$;
comment on function private.counters_are_plausible(bigint, bigint, bigint) is
  'True when one device-day of counters could have been earned under the rules (packages/core/RULES.md "XP").';

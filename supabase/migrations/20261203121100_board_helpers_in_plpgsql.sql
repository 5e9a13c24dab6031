-- The helpers every board row calls, in PL/pgSQL: cheaper get_leaderboard, and so a cheaper flush.
--
-- public_streak (once per row of every board) and current_week (once per call) were SQL functions with a fixed
-- search_path, which PostgreSQL cannot inline, so their bodies were planned again on every call: 200 plans in each
-- live flush, which computes both boards' top 100 every second through get_leaderboard. As
-- 20261203090000_speed_up_sync_progress did for the push helpers, the same bodies in PL/pgSQL keep their plans for
-- the session. Signatures, volatility, search path and results are unchanged.

create or replace function private.current_week()
returns date
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  return private.week_start((now() at time zone 'utc')::date);
end;
$$;
comment on function private.current_week() is 'Monday of the server''s current UTC week: the weekly leaderboard''s week.';

create or replace function private.public_streak(current_streak integer, last_active_day date)
returns integer
language plpgsql
stable
security invoker
set search_path = ''
as $$
begin
  if last_active_day >= (now() at time zone 'utc')::date - 2 then
    return current_streak;
  end if;
  return 0;
end;
$$;
comment on function private.public_streak(integer, date) is
  'The streak shown on public boards: the stored current streak, or 0 once its last active day has passed.';

-- Who is calling, and the `my_stats` object most RPCs answer with.
--
-- Every RPC starts from the calling device (auth.uid(): each device is an anonymous auth user) and most from
-- its player. These helpers turn a missing user or an unregistered device into the contract's stable errors
-- (not_authenticated, not_registered) in one place, and build `my_stats` exactly as ARCHITECTURE.md lists it.

-- The calling device, or PT401 when the request carries no user.
create function private.require_device()
returns uuid
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  uid uuid := (select auth.uid());
begin
  if uid is null then
    raise exception using errcode = 'PT401', message = 'not_authenticated',
      detail = 'Sign in (anonymously) first: this call needs a device.';
  end if;
  return uid;
end;
$$;
comment on function private.require_device() is 'auth.uid() of the calling device; raises not_authenticated when absent.';
-- Invoker RPCs (get_my_progress, export_my_data) call it as the device; it reads only through RLS.
grant execute on function private.require_device() to authenticated, service_role;

-- The caller's player, or PT404 not_registered before the device's first sync.
create function private.require_player()
returns uuid
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  uid uuid := private.require_device();
  player uuid;
begin
  select d.player_id into player from public.player_devices d where d.user_id = uid;
  if player is null then
    raise exception using errcode = 'PT404', message = 'not_registered',
      detail = 'This device has not synced yet: call sync_progress first.';
  end if;
  return player;
end;
$$;
comment on function private.require_player() is 'The calling device''s player; raises not_registered before its first sync.';
-- Invoker RPCs (get_my_progress, export_my_data) call it as the device; it reads only through RLS.
grant execute on function private.require_player() to authenticated, service_role;

-- The `my_stats` object of ARCHITECTURE.md.
create function private.my_stats(target_player uuid)
returns jsonb
language sql
stable
security invoker
set search_path = ''
as $$
  select jsonb_build_object(
    'player_id', s.player_id,
    'handle', s.handle,
    'show_on_leaderboard', s.show_on_leaderboard,
    'total_xp', s.total_xp,
    'level', s.level,
    'total_cycles', s.total_cycles,
    'total_seconds', s.total_seconds,
    'active_days', s.active_days,
    'current_streak', s.current_streak,
    'longest_streak', s.longest_streak,
    'last_active_day', s.last_active_day,
    'week_start', s.week_start,
    'weekly_xp', s.weekly_xp,
    'device_count', s.device_count
  )
  from public.player_stats s
  where s.player_id = target_player;
$$;
comment on function private.my_stats(uuid) is 'A player''s stats as the my_stats JSON object of the RPC contract.';
-- Invoker RPCs (get_my_progress, export_my_data) call it as the device; it reads only through RLS.
grant execute on function private.my_stats(uuid) to authenticated, service_role;

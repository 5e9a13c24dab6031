-- Privacy: a player can take everything the server holds about it, or erase it all; abandoned anonymous
-- users are cleaned up.
--
-- export_my_data runs as the caller and reads through RLS, so it can only ever return the caller's own rows.
-- delete_my_data removes the player with every row that hangs off it, and the anonymous auth users of all its
-- devices, so nothing that could be tied back to the person remains. cleanup_abandoned_users is a scheduled
-- job (for example pg_cron, as the postgres role) that removes anonymous sign-ins that never synced progress.

create function public.export_my_data()
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  player uuid := private.require_player();
begin
  return jsonb_build_object(
    'exported_at', now(),
    'player', (select to_jsonb(p) from public.players p where p.id = player),
    'stats', (select to_jsonb(s) - 'player_id' from public.player_stats s where s.player_id = player),
    'devices', (
      select coalesce(jsonb_agg(to_jsonb(d) - 'player_id' order by d.created_at), '[]')
      from public.player_devices d where d.player_id = player
    ),
    'daily_progress', (
      select coalesce(jsonb_agg(to_jsonb(d) - 'player_id' order by d.day, d.device_id), '[]')
      from public.daily_progress d where d.player_id = player
    ),
    'pairing_codes', (
      select coalesce(jsonb_agg(jsonb_build_object('code', c.code, 'created_at', c.created_at,
        'expires_at', c.expires_at) order by c.created_at), '[]')
      from public.pairing_codes c where c.player_id = player
    ),
    'teams', (
      select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name, 'joined_at', m.joined_at,
        'created_by_me', t.created_by is not distinct from player) order by m.joined_at), '[]')
      from public.team_members m join public.teams t on t.id = m.team_id
      where m.player_id = player
    ),
    'achievements', private.achievements(player)
  );
end;
$$;
comment on function public.export_my_data() is
  'Everything the server holds about the caller''s player (player, stats, devices, daily counters, codes, teams) as JSON.';
grant execute on function public.export_my_data() to authenticated, service_role;

-- Security definer: clients cannot delete rows, and deleting auth.users needs the owner's rights. It deletes
-- only the caller's player and the anonymous auth users of that player's devices.
create function public.delete_my_data()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  device uuid := private.require_device();
  player uuid;
  devices uuid[];
  teams uuid[];
begin
  select d.player_id into player from public.player_devices d where d.user_id = device for update;
  if player is null then
    -- Never synced: only the calling sign-in itself exists.
    delete from auth.users u where u.id = device and u.is_anonymous;
    return;
  end if;
  perform 1 from public.players p where p.id = player for update;
  select array_agg(d.user_id) into devices from public.player_devices d where d.player_id = player;
  select array_agg(m.team_id) into teams from public.team_members m where m.player_id = player;

  delete from public.players p where p.id = player;
  delete from auth.users u where u.id = any (devices) and u.is_anonymous;
  -- Teams left without members close, as when the last member leaves.
  delete from public.teams t
  where t.id = any (coalesce(teams, '{}'))
    and not exists (select 1 from public.team_members m where m.team_id = t.id);
end;
$$;
comment on function public.delete_my_data() is
  'Erases the caller''s player, all its rows and the anonymous auth users of all its devices.';
grant execute on function public.delete_my_data() to authenticated, service_role;

create function private.cleanup_abandoned_users(older_than interval default interval '30 days')
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  users_removed integer;
  players_removed integer;
  codes_removed integer;
  boards_removed integer;
begin
  -- Anonymous sign-ins older than the cut-off whose device never stored a single counter.
  with abandoned as (
    delete from auth.users u
    where u.is_anonymous
      and u.created_at < now() - older_than
      and not exists (select 1 from public.daily_progress d where d.device_id = u.id)
    returning u.id
  )
  select count(*) into users_removed from abandoned;

  -- Players left without any device can never be reached again.
  with orphaned as (
    delete from public.players p
    where p.created_at < now() - older_than
      and not exists (select 1 from public.player_devices d where d.player_id = p.id)
    returning p.id
  )
  select count(*) into players_removed from orphaned;

  with expired as (
    delete from public.pairing_codes c where c.expires_at < now() returning c.code
  )
  select count(*) into codes_removed from expired;

  -- Weekly histograms of weeks before last week are no longer read.
  with old_boards as (
    delete from private.leaderboard_buckets b
    where b.board like 'weekly:%'
      and b.board < private.weekly_board(private.current_week() - 7)
    returning 1
  )
  select count(*) into boards_removed from old_boards;

  return jsonb_build_object('users_removed', users_removed, 'players_removed', players_removed,
    'codes_removed', codes_removed, 'bucket_rows_removed', boards_removed);
end;
$$;
comment on function private.cleanup_abandoned_users(interval) is
  'Scheduled job: removes anonymous users with no progress after 30 days, device-less players, expired codes and old weekly histograms.';

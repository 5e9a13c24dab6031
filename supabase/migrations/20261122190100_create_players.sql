-- Players and the devices that belong to them.
--
-- Every device signs in anonymously, so an auth user *is* a device. A player is the person behind one or more
-- devices: the first sync creates it, pairing moves a device to another player. A player has only a generated
-- handle and a leaderboard switch: no name, email or anything typed ever reaches the server.
--
-- Clients may read their own player and their player's devices (RLS); they never write these tables directly:
-- sync_progress, redeem_pairing_code, regenerate_handle, set_leaderboard_visibility and delete_my_data do.

create table public.players (
  id uuid primary key default gen_random_uuid(),
  handle text not null,
  show_on_leaderboard boolean not null default true,
  created_at timestamptz not null default now(),
  constraint players_handle_key unique (handle),
  constraint players_handle_length check (char_length(handle) between 3 and 40)
);
comment on table public.players is
  'A Breath Master player: a generated handle and a leaderboard opt-out. Created by the first sync of a device.';
comment on column public.players.handle is 'Generated public name such as "Calm Otter 4821"; never typed by a user.';
comment on column public.players.show_on_leaderboard is 'False hides the player from every public leaderboard.';

create table public.player_devices (
  user_id uuid primary key references auth.users (id) on delete cascade,
  player_id uuid not null references public.players (id) on delete cascade,
  kind text not null default 'vscode',
  created_at timestamptz not null default now(),
  last_sync_at timestamptz,
  constraint player_devices_kind check (kind in ('vscode', 'web', 'cli', 'other'))
);
comment on table public.player_devices is
  'One row per device (anonymous auth user) and the player it belongs to. Pairing moves a device to another player.';
comment on column public.player_devices.kind is 'What the device is: vscode (the extension), web (the dashboard), cli or other.';

create index player_devices_player_id_idx on public.player_devices (player_id);

-- The caller's player. Policies on every player-owned table go through this one lookup; it is security
-- definer because a policy on player_devices cannot read player_devices under its own RLS (infinite
-- recursion), and it reveals nothing but the caller's own player id.
create function private.my_player_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select d.player_id from public.player_devices d where d.user_id = (select auth.uid());
$$;
comment on function private.my_player_id() is
  'The player of the calling device (auth.uid()), or null before its first sync. Used by RLS policies.';
grant execute on function private.my_player_id() to authenticated, service_role;

alter table public.players enable row level security;
alter table public.player_devices enable row level security;

revoke all on table public.players, public.player_devices from anon, authenticated;
grant select on table public.players, public.player_devices to authenticated;

create policy "Devices can read their own player"
  on public.players for select to authenticated
  using (id = (select private.my_player_id()));

create policy "Devices can read every device of their player"
  on public.player_devices for select to authenticated
  using (player_id = (select private.my_player_id()));

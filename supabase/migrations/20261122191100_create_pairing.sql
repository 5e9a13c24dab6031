-- Pairing: joining a second device to a player without any account.
--
-- Device A asks for a code (8 characters from an alphabet without look-alikes, drawn from pgcrypto's
-- cryptographic random bytes: 32^8, about 10^12 values) that expires after 10 minutes and works once. A player
-- holds at most one live code. Device B redeems it: B and its daily rows move to A's player, both players'
-- stats are rebuilt, and B's old player is deleted if no device is left (its team memberships carry over).

create table public.pairing_codes (
  code text primary key,
  player_id uuid not null references public.players (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '10 minutes',
  constraint pairing_codes_format check (code ~ '^[A-HJ-NP-Z2-9]{8}$')
);
comment on table public.pairing_codes is 'Live single-use pairing codes; each lets one more device join the player within 10 minutes.';
create index pairing_codes_player_id_idx on public.pairing_codes (player_id);
create index pairing_codes_expires_at_idx on public.pairing_codes (expires_at);

alter table public.pairing_codes enable row level security;
revoke all on table public.pairing_codes from anon, authenticated;
grant select on table public.pairing_codes to authenticated;

create policy "Devices can read their player's pairing codes"
  on public.pairing_codes for select to authenticated
  using (player_id = (select private.my_player_id()));

-- 8 characters from A-Z and 2-9 without I, O, 0 and 1. 256 is a multiple of 32, so byte % 32 is uniform.
create function private.random_code()
returns text
language sql
volatile
security invoker
set search_path = ''
as $$
  select string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', get_byte(r.bytes, i) % 32 + 1, 1), '' order by i)
  from (select extensions.gen_random_bytes(8) as bytes) r, generate_series(0, 7) i;
$$;
comment on function private.random_code() is 'An unguessable 8-character code from an unambiguous alphabet (pgcrypto random bytes).';

-- Upper-cases a typed code and drops spaces and dashes; null when it cannot be a code.
create function private.normalize_code(typed text)
returns text
language sql
immutable
security invoker
set search_path = ''
as $$
  select case when c ~ '^[A-HJ-NP-Z2-9]{8}$' then c end
  from (select upper(regexp_replace(coalesce(typed, ''), '[\s-]', '', 'g')) as c) n;
$$;
comment on function private.normalize_code(text) is 'A typed pairing or join code in canonical form, or null if malformed.';

-- Security definer: pairing_codes is read-only to clients. Creates a code only for the caller's own player.
create function public.create_pairing_code()
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  player uuid := private.require_player();
  new_code text;
  expiry timestamptz;
begin
  delete from public.pairing_codes c where c.player_id = player;
  loop
    insert into public.pairing_codes (code, player_id)
    values (private.random_code(), player)
    on conflict (code) do nothing
    returning code, expires_at into new_code, expiry;
    exit when new_code is not null;
  end loop;
  return jsonb_build_object('code', new_code, 'expires_at', expiry);
end;
$$;
comment on function public.create_pairing_code() is
  'A new single-use code (valid 10 minutes) that lets another device join the caller''s player. Replaces older codes.';
grant execute on function public.create_pairing_code() to authenticated, service_role;

-- Security definer: moves rows between players, which clients cannot write. Validates the code first and only
-- ever moves the calling device.
create function public.redeem_pairing_code(code text, device_kind text default 'web')
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  device uuid := private.require_device();
  wanted text := private.normalize_code(code);
  pairing public.pairing_codes;
  old_player uuid;
  old_as_of date;
begin
  if device_kind is null or device_kind not in ('vscode', 'web', 'cli', 'other') then
    raise exception using errcode = 'PT400', message = 'invalid_payload',
      detail = 'device_kind must be one of vscode, web, cli, other.';
  end if;
  select * into pairing from public.pairing_codes c where c.code = wanted for update;
  if pairing.code is null then
    raise exception using errcode = 'PT404', message = 'pairing_code_invalid',
      detail = 'No live pairing code matches; codes work once.';
  end if;
  if pairing.expires_at <= now() then
    raise exception using errcode = 'PT410', message = 'pairing_code_expired',
      detail = 'This pairing code has expired: ask the other device for a new one.';
  end if;
  delete from public.pairing_codes c where c.code = pairing.code;

  select d.player_id into old_player from public.player_devices d where d.user_id = device for update;
  if old_player is null then
    if not exists (select 1 from auth.users u where u.id = device) then
      raise exception using errcode = 'PT401', message = 'not_authenticated',
        detail = 'This device''s user no longer exists: sign in again.';
    end if;
    -- Serialise with pushes of the player's other devices, which rebuild the same stats row.
    perform 1 from public.players p where p.id = pairing.player_id for update;
    insert into public.player_devices (user_id, player_id, kind) values (device, pairing.player_id, device_kind);
    perform private.refresh_player_stats(pairing.player_id, null);
    return private.my_stats(pairing.player_id);
  end if;
  if old_player = pairing.player_id then
    return private.my_stats(old_player);
  end if;

  -- Lock both players in id order so two crossing redemptions cannot deadlock.
  perform 1 from public.players p where p.id in (old_player, pairing.player_id) order by p.id for update;
  select s.as_of_day into old_as_of from public.player_stats s where s.player_id = old_player;

  update public.player_devices d set player_id = pairing.player_id where d.user_id = device;
  update public.daily_progress d set player_id = pairing.player_id where d.device_id = device;

  if exists (select 1 from public.player_devices d where d.player_id = old_player) then
    perform private.refresh_player_stats(old_player, null);
  else
    insert into public.team_members (team_id, player_id)
    select m.team_id, pairing.player_id from public.team_members m where m.player_id = old_player
    on conflict do nothing;
    delete from public.players p where p.id = old_player;
  end if;
  perform private.refresh_player_stats(pairing.player_id, old_as_of);
  return private.my_stats(pairing.player_id);
end;
$$;
comment on function public.redeem_pairing_code(text, text) is
  'Moves the calling device (and its daily counters) to the player that issued the code; returns that player''s my_stats.';
grant execute on function public.redeem_pairing_code(text, text) to authenticated, service_role;

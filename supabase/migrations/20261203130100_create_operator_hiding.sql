-- Operators can hide a player from the public boards, and the player cannot undo it.
--
-- Hiding sets players.show_on_leaderboard to false, so every existing path (player_stats' copy, the rank
-- histogram, the public boards, the live flush's diff) removes the player exactly as when a player hides
-- itself. The row in private.hidden_players keeps it so: while it exists, a trigger holds the switch at false
-- and records what the player asks for instead, and lifting the hide restores that choice.

create table private.hidden_players (
  player_id uuid primary key references public.players (id) on delete cascade,
  player_choice boolean not null,
  hidden_at timestamptz not null default now()
);
comment on table private.hidden_players is
  'Players an operator hid from public boards, with the visibility the player itself chose (restored on unhide).';
alter table private.hidden_players enable row level security;

-- Security definer: must hold whichever role updates players (set_leaderboard_visibility's owner, or
-- service_role administering data), and private.hidden_players is granted to no client.
create function private.keep_operator_hidden()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update private.hidden_players h set player_choice = new.show_on_leaderboard where h.player_id = new.id;
  if found then
    new.show_on_leaderboard := false;
  end if;
  return new;
end;
$$;
comment on function private.keep_operator_hidden() is
  'Trigger: while an operator hides a player, its leaderboard switch stays off and the player''s choice is remembered.';

-- Without a WHEN clause: a hidden player switching itself off (already false) must still be remembered.
create trigger keep_operator_hidden
  before update of show_on_leaderboard on public.players
  for each row
  execute function private.keep_operator_hidden();

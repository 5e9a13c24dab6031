-- Daily counters per device: the only progress data the server holds.
--
-- A device keeps, per local calendar day, three counters that only grow: xp, cycles (completed breaths) and
-- seconds of breathing. sync_progress upserts them with greatest() per counter, so the stored row is the
-- maximum ever pushed and pushes are idempotent, commutative and safe to retry. A player's figures are sums
-- over its devices. player_id is denormalised from player_devices so a player's history is one index range.
--
-- The checks repeat the plausibility rule of packages/core/RULES.md ("XP" section) as a last line of defence; the RPC
-- checks first and reports a stable error code. The bounds are monotone, so the per-counter maximum of two
-- plausible rows is plausible too and the upsert can never trip them.

create table public.daily_progress (
  device_id uuid not null references public.player_devices (user_id) on delete cascade,
  player_id uuid not null references public.players (id) on delete cascade,
  day date not null,
  xp integer not null default 0,
  cycles integer not null default 0,
  seconds integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (device_id, day),
  constraint daily_progress_non_negative check (xp >= 0 and cycles >= 0 and seconds >= 0),
  constraint daily_progress_seconds_fit_a_day check (seconds <= 86400),
  constraint daily_progress_xp_earned check (xp <= ceil(seconds / 3.0) + 10),
  constraint daily_progress_cycles_fit check (cycles * 4 <= seconds + 60)
);
comment on table public.daily_progress is
  'Per device and local day: the largest xp, cycles and seconds the device has pushed. Written only by sync_progress.';

create index daily_progress_player_id_day_idx on public.daily_progress (player_id, day);
-- get_global_stats sums one day across all players: covering, so it never visits the table.
create index daily_progress_day_idx on public.daily_progress (day) include (player_id, cycles, seconds);

alter table public.daily_progress enable row level security;
revoke all on table public.daily_progress from anon, authenticated;
grant select on table public.daily_progress to authenticated;

create policy "Devices can read their player's daily counters"
  on public.daily_progress for select to authenticated
  using (player_id = (select private.my_player_id()));

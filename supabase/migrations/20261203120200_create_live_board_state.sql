-- What the live-board flush keeps between runs (docs/live-boards.md "The flush").
--
-- The flush (private.flush_live_boards, a later migration) sends one `board` message on `leaderboard` when a
-- board's top 100 or a tile changed since the last message. It needs: its settings (how often it may send),
-- the state of the last message (seq, time, tiles, week) and that message's rows, against which it diffs the
-- current top 100s. All three are internal: clients read the snapshot through public.get_live_board().

create table private.live_settings (
  id boolean primary key default true,
  board_interval interval not null default interval '1 second',
  constraint live_settings_single_row check (id),
  constraint live_settings_board_interval check (board_interval >= interval '0 seconds')
);
comment on table private.live_settings is
  'Operator settings of the live boards (one row): board_interval is the least time between two `board` messages.';
comment on column private.live_settings.board_interval is
  'At least this long between two `board` messages; raise it to trade freshness for realtime quota.';
insert into private.live_settings default values;

create table private.live_board_state (
  id boolean primary key default true,
  seq bigint not null default 0,
  at timestamptz,
  stats jsonb,
  week_start date,
  constraint live_board_state_single_row check (id)
);
comment on table private.live_board_state is
  'The last `board` message (one row): seq (0 before the first), its time, tiles and week. Rows: live_board_rows.';
insert into private.live_board_state default values;

create table private.live_board_rows (
  board text not null,
  player_id uuid not null,
  handle text not null,
  level integer not null,
  total_xp bigint not null,
  weekly_xp bigint not null,
  current_streak integer not null,
  rank bigint not null,
  -- No foreign key: a deleted player must stay here until the flush reports it as removed.
  primary key (board, player_id),
  constraint live_board_rows_board check (board in ('all_time', 'weekly'))
);
comment on table private.live_board_rows is
  'The top 100 of each board as of the last `board` message, as get_leaderboard(board, null, 100) listed them.';

alter table private.live_settings enable row level security;
alter table private.live_board_state enable row level security;
alter table private.live_board_rows enable row level security;

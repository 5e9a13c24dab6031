-- The realtime topics are part of the API as much as the RPCs, but the database holds no declaration of them
-- (only the policies on realtime.messages and the functions that send). This table states them, so the API
-- reference is generated from the database alone; docs/live-boards.md is the contract they follow.
create table private.api_topics (
  topic text primary key,
  position integer not null unique,
  who text not null,
  event text not null,
  payload text not null,
  sent text not null
);
comment on table private.api_topics is
  'The realtime topics of the API (all private, sent only by the database), for the generated API reference.';
alter table private.api_topics enable row level security;
-- No policy and no grant: only the reference generator (a superuser) reads it.
revoke all on private.api_topics from anon, authenticated;

insert into private.api_topics (topic, position, who, event, payload, sent) values
  ('leaderboard', 1, 'anon, authenticated', 'board',
   '{ seq, at, week_start, all_time?: { rows, removed }, weekly?: { rows, removed }, stats }: diffs of the top 100 of each board (rows entered or changed, player ids that left) and the tiles { players, active_today, cycles_today, seconds_today, breathing_now }. Apply only seq = last + 1; on a gap refetch get_live_board().',
   'by private.flush_live_boards() (pg_cron, every second), only when something shown changed and at most once per private.live_settings.board_interval'),
  ('player:<player_id>', 2, 'authenticated: the devices of that player', 'my_stats',
   'the my_stats object, as sync_progress returns it',
   'by the player_stats trigger, when the figures changed and the player has a second device to tell'),
  ('team:<team_id>', 3, 'authenticated: members of the team', 'team',
   '{ team: the get_team object, members: [{ player_id, handle, level, total_xp, weekly_xp, current_streak }] } (every member, hidden ones included)',
   'by the flush, at most once a second per team, when a member''s figures, the goal or the membership changed');

-- The RPC reference (docs/api/reference.md) is generated from these comments, so each names the stable codes
-- its function can raise, with their errcodes (PTnnn answers HTTP nnn), in the form
-- `Errors: PTnnn code, PTnnn code.` (or `Errors: none.`). The codes are those of ARCHITECTURE.md "RPC surface"
-- plus client_outdated, which every call that needs a device can raise (see private.require_device).

comment on function public.sync_progress(jsonb, date, text) is
  'Pushes a device''s daily counters (at most 31 days, merged with greatest()), registering the device on first call; returns my_stats. Errors: PT400 invalid_payload, PT400 too_many_days, PT400 day_out_of_window, PT400 today_out_of_window, PT400 implausible_counters, PT401 not_authenticated, PT426 client_outdated, PT500 handle_exhausted.';
comment on function public.get_my_progress(integer) is
  'The caller''s stats, daily series (last `days` days, 1..3660), devices and synced achievements. Errors: PT400 invalid_payload, PT401 not_authenticated, PT404 not_registered, PT426 client_outdated.';
comment on function public.get_leaderboard(text, uuid, integer) is
  'Top players by all-time or weekly XP (public fields of listed players only), or a team''s board for its members; row_limit 1..1000. Errors: PT400 invalid_payload, PT403 not_a_member, PT404 team_not_found.';
comment on function public.get_my_rank(text, uuid) is
  'The caller''s competition rank on the all-time, weekly or a team board: { rank, total_players, score }. Errors: PT400 invalid_payload, PT401 not_authenticated, PT403 not_a_member, PT404 team_not_found, PT426 client_outdated.';
comment on function public.get_global_stats() is
  'Community counters for the server''s UTC day: players, players active today, cycles and seconds today, breathing now. Errors: none.';
comment on function public.get_live_board() is
  'The live boards as of the last `board` message: { seq, at, week_start, all_time, weekly, stats } (computed now before the first). Errors: none.';
comment on function public.set_breathing(boolean) is
  'Counts the calling device in breathing_now for 90 s (true; repeat every 60 s while breathing) or stops at once (false). Errors: PT400 invalid_payload, PT401 not_authenticated, PT426 client_outdated.';
comment on function public.create_pairing_code() is
  'A new single-use code (8 characters, valid 10 minutes) that lets another device join the caller''s player: { code, expires_at }. Replaces older codes. Errors: PT401 not_authenticated, PT404 not_registered, PT426 client_outdated.';
comment on function public.redeem_pairing_code(text, text) is
  'Moves the calling device (and its daily counters) to the player that issued the code; returns that player''s my_stats. A device that never synced joins directly. Errors: PT400 invalid_payload, PT401 not_authenticated, PT404 pairing_code_invalid, PT410 pairing_code_expired, PT426 client_outdated.';
comment on function public.set_leaderboard_visibility(boolean) is
  'Shows or hides the caller''s player on public leaderboards; returns my_stats. Errors: PT400 invalid_payload, PT401 not_authenticated, PT404 not_registered, PT426 client_outdated.';
comment on function public.regenerate_handle() is
  'Draws a new generated handle for the caller''s player; returns my_stats. Errors: PT401 not_authenticated, PT404 not_registered, PT426 client_outdated, PT500 handle_exhausted.';
comment on function public.export_my_data() is
  'Everything the server holds about the caller''s player (player, stats, devices, daily counters, codes, teams) as JSON. Errors: PT401 not_authenticated, PT404 not_registered, PT426 client_outdated.';
comment on function public.delete_my_data() is
  'Erases the caller''s player, all its rows and the anonymous auth users of all its devices. Errors: PT401 not_authenticated, PT426 client_outdated.';
comment on function public.create_team(text) is
  'Creates a team with the caller as its first member; returns { id, name, join_code }. Errors: PT400 invalid_team_name, PT401 not_authenticated, PT404 not_registered, PT409 team_full, PT409 too_many_teams, PT426 client_outdated.';
comment on function public.join_team(text) is
  'Joins the team with this join code (idempotent); returns { id, name, join_code }. Errors: PT401 not_authenticated, PT404 not_registered, PT404 team_not_found, PT409 team_full, PT409 too_many_teams, PT426 client_outdated.';
comment on function public.leave_team(uuid) is
  'Removes the caller from a team; the team is deleted when its last member leaves. Errors: PT401 not_authenticated, PT403 not_a_member, PT404 not_registered, PT404 team_not_found, PT426 client_outdated.';
comment on function public.set_team_goal(uuid, text, integer, date) is
  'Sets the team''s goal (minutes or cycles from today until ends_on), replacing any previous one; returns the team. Errors: PT400 invalid_goal, PT401 not_authenticated, PT403 not_a_member, PT404 not_registered, PT404 team_not_found, PT426 client_outdated.';
comment on function public.get_team(uuid) is
  'A team the caller belongs to: { id, name, join_code, member_count, goal }. Errors: PT401 not_authenticated, PT403 not_a_member, PT404 not_registered, PT404 team_not_found, PT426 client_outdated.';
comment on function public.get_my_teams() is
  'The teams of the caller''s player with their member counts (none before its first sync). Errors: none.';

-- Live topics that no client can forge: every topic the UI renders is private and only the database sends.
--
-- Until now a trigger on player_stats sent each public change to the PUBLIC topic `leaderboard`, on which any
-- client may broadcast (so a viewer could be shown forged scores), and every push reached every viewer. Team
-- members could also send on their `team:<id>` topic. docs/live-boards.md replaces this:
-- - `leaderboard` (private): `board` messages coalesced by private.flush_live_boards(), later migrations;
-- - `player:<player_id>` (private): `my_stats` for the devices of a player;
-- - `team:<team_id>` (private): `team` messages from the flush.
-- This migration removes the old per-change broadcasts and rewrites the policies on realtime.messages: select
-- only, per topic, and no insert policy for any client role, so no client can send on any topic (realtime.send
-- runs as the database owner, which RLS does not restrict). No presence policy: nothing uses presence now.

drop trigger broadcast_player_stats on public.player_stats;
drop function private.broadcast_player_stats();
drop trigger broadcast_team_goal on public.team_goals;
drop function private.broadcast_team_goal();
-- Its payload (with week_start) was only ever the broadcast's; team messages list members as boards do.
drop function private.leaderboard_payload(public.player_stats);

drop policy "Devices can receive the leaderboard and their teams' broadcasts" on realtime.messages;
drop policy "Team members can send on their team's topic" on realtime.messages;
drop policy "Visitors can receive the leaderboard" on realtime.messages;

create policy "Visitors can receive the leaderboard"
  on realtime.messages for select to anon
  using ((select realtime.topic()) = 'leaderboard' and realtime.messages.extension = 'broadcast');

-- my_player_id() is null before a device's first sync, which makes the player comparison null (not true).
create policy "Devices can receive the leaderboard, their player's and their teams' messages"
  on realtime.messages for select to authenticated
  using (
    realtime.messages.extension = 'broadcast'
    and (
      (select realtime.topic()) = 'leaderboard'
      or (select realtime.topic()) = 'player:' || (select private.my_player_id())
      or private.is_my_team_topic((select realtime.topic()))
    )
  );

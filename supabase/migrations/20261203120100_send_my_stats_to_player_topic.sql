-- `my_stats` on the private topic `player:<player_id>`, for players on more than one device.
--
-- A device gets its player's stats back from its own push; its other devices (a laptop and the web dashboard,
-- say) learn about that push here, from a trigger on player_stats, when a my_stats field changed. A single
-- device would only hear its own push again, so nothing is sent while device_count is below 2. The payload is
-- private.my_stats(), exactly what sync_progress returns; only that player's devices may receive it (RLS in
-- 20261203120000_make_live_topics_private).

-- Security definer: the message is written to realtime.messages, where no client role may insert, whichever role
-- changed player_stats. It sends the player's own stats to that player's topic only.
create function private.send_my_stats()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(private.my_stats(new.player_id), 'my_stats', 'player:' || new.player_id, true);
  return null;
end;
$$;
comment on function private.send_my_stats() is
  'Trigger on player_stats: sends my_stats to `player:<player_id>` when the stats of a multi-device player change.';

create trigger send_my_stats_on_insert
  after insert on public.player_stats
  for each row
  when (new.device_count >= 2)
  execute function private.send_my_stats();

-- updated_at and as_of_day are not my_stats fields: a rebuild that moves only them sends nothing.
create trigger send_my_stats_on_update
  after update on public.player_stats
  for each row
  when (
    new.device_count >= 2
    and (old.handle, old.show_on_leaderboard, old.total_xp, old.level, old.total_cycles, old.total_seconds,
         old.active_days, old.current_streak, old.longest_streak, old.last_active_day, old.week_start,
         old.weekly_xp, old.device_count)
      is distinct from
        (new.handle, new.show_on_leaderboard, new.total_xp, new.level, new.total_cycles, new.total_seconds,
         new.active_days, new.current_streak, new.longest_streak, new.last_active_day, new.week_start,
         new.weekly_xp, new.device_count)
  )
  execute function private.send_my_stats();

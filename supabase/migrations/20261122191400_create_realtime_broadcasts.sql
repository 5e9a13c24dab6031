-- Live updates through Supabase Realtime broadcast, sent from the database.
--
-- Broadcast from the database is the fan-out pattern Supabase recommends (no postgres_changes): a trigger on
-- player_stats sends a small public payload to the public topic `leaderboard` (opted-in players with a score
-- only; `player_removed` when a player hides or is deleted) and `member_stats` to the private topic
-- `team:<uuid>` of each of the player's teams. A trigger on team_goals sends `team_goal` with the team object
-- when a goal is set or its progress changes. Payloads are those of ARCHITECTURE.md "Realtime topics".
--
-- Private topics are authorised by RLS on realtime.messages: only members of a team may receive or send on
-- `team:<id>`. The `leaderboard` topic is also readable as a private channel, so clients may join it privately
-- where only the database, never a client, can broadcast to it.

create function private.leaderboard_payload(s public.player_stats)
returns jsonb
language sql
immutable
security invoker
set search_path = ''
as $$
  select jsonb_build_object('player_id', s.player_id, 'handle', s.handle, 'level', s.level,
    'total_xp', s.total_xp, 'weekly_xp', s.weekly_xp, 'week_start', s.week_start,
    'current_streak', s.current_streak);
$$;
comment on function private.leaderboard_payload(public.player_stats) is
  'The public fields of a player_stats row, as broadcast on `leaderboard` and team topics.';

-- Security definer: broadcasts are written to realtime.messages, which clients may not write for these
-- topics, whichever role changed player_stats. It sends only the public fields above.
create function private.broadcast_player_stats()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  was_listed boolean := tg_op <> 'INSERT' and old.show_on_leaderboard and old.total_xp > 0;
  is_listed boolean := tg_op <> 'DELETE' and new.show_on_leaderboard and new.total_xp > 0;
  public_changed boolean := tg_op <> 'UPDATE'
    or (old.handle, old.level, old.total_xp, old.weekly_xp, old.week_start, old.current_streak)
       is distinct from (new.handle, new.level, new.total_xp, new.weekly_xp, new.week_start, new.current_streak);
  team uuid;
begin
  if is_listed and (public_changed or not was_listed) then
    perform realtime.send(private.leaderboard_payload(new), 'player_stats', 'leaderboard', false);
  elsif was_listed and not is_listed then
    perform realtime.send(jsonb_build_object('player_id', old.player_id), 'player_removed', 'leaderboard', false);
  end if;

  if tg_op <> 'DELETE' and public_changed then
    for team in select m.team_id from public.team_members m where m.player_id = new.player_id order by m.team_id loop
      perform realtime.send(private.leaderboard_payload(new), 'member_stats', 'team:' || team, true);
    end loop;
  end if;
  return null;
end;
$$;
comment on function private.broadcast_player_stats() is
  'Trigger on player_stats: broadcasts public stats to `leaderboard` and to the player''s `team:<id>` topics.';

create trigger broadcast_player_stats
  after insert or update or delete on public.player_stats
  for each row
  execute function private.broadcast_player_stats();

-- Security definer: for the same reason as broadcast_player_stats, and the team object counts all members.
create function private.broadcast_team_goal()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform realtime.send(private.team_object(new.team_id), 'team_goal', 'team:' || new.team_id, true);
  return null;
end;
$$;
comment on function private.broadcast_team_goal() is 'Trigger on team_goals: broadcasts the team object to `team:<id>`.';

create trigger broadcast_team_goal
  after insert or update of metric, target, starts_on, ends_on, progress, reached_on on public.team_goals
  for each row
  execute function private.broadcast_team_goal();

-- True when a realtime topic is `team:<id>` of one of the caller's teams.
create function private.is_my_team_topic(topic text)
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(
    case when topic ~ '^team:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
         then substr(topic, 6)::uuid in (select private.my_team_ids()) end,
    false);
$$;
comment on function private.is_my_team_topic(text) is 'Whether a realtime topic is the private topic of one of the caller''s teams.';
grant execute on function private.is_my_team_topic(text) to authenticated, service_role;

create policy "Devices can receive the leaderboard and their teams' broadcasts"
  on realtime.messages for select to authenticated
  using (
    ((select realtime.topic()) = 'leaderboard' and realtime.messages.extension = 'broadcast')
    or (realtime.messages.extension in ('broadcast', 'presence') and private.is_my_team_topic((select realtime.topic())))
  );

create policy "Team members can send on their team's topic"
  on realtime.messages for insert to authenticated
  with check (realtime.messages.extension in ('broadcast', 'presence') and private.is_my_team_topic((select realtime.topic())));

create policy "Visitors can receive the leaderboard"
  on realtime.messages for select to anon
  using ((select realtime.topic()) = 'leaderboard' and realtime.messages.extension = 'broadcast');

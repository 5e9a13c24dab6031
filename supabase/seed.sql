-- Demo data for local development (`supabase db reset`, `npm start`): 300 players with a realistic spread of
-- practice, so the leaderboards, streaks and teams have something to show. Deterministic: setseed() fixes
-- every random() draw, ids are derived from md5, and days are relative to the server's UTC date so the demo
-- always looks current. Stats are built by the same function sync_progress uses.

select setseed(0.4242);

-- Devices are anonymous auth users, as in production. Player n gets one device, every 8th player two.
insert into auth.users (id, aud, role, is_anonymous, created_at, updated_at)
select md5('seed-device-' || n || '-' || k)::uuid, 'authenticated', 'authenticated', true,
       now() - interval '120 days', now()
from generate_series(1, 300) n, generate_series(1, 2) k
where k = 1 or n % 8 = 0;

create temporary table seed_players as
select n,
       private.create_player() as player_id,
       -- How often the player breathes: from now-and-then to nearly daily.
       0.1 + 0.85 * power(random(), 1.5) as habit,
       -- How long ago the player started.
       (7 + floor(random() * 110))::integer as since,
       -- Typical seconds per day.
       (90 + floor(random() * 600))::integer as session
from generate_series(1, 300) n;

update public.players p set show_on_leaderboard = false
from seed_players s where s.player_id = p.id and s.n % 10 = 7;

insert into public.player_devices (user_id, player_id, kind, created_at, last_sync_at)
select md5('seed-device-' || s.n || '-' || k)::uuid, s.player_id, case when k = 1 then 'vscode' else 'web' end,
       now() - make_interval(days => s.since), now() - make_interval(hours => (s.n % 48))
from seed_players s, generate_series(1, 2) k
where k = 1 or s.n % 8 = 0;

-- One row per device and practised day, within the rules' plausibility bounds (packages/core/RULES.md "XP").
insert into public.daily_progress (device_id, player_id, day, xp, cycles, seconds)
select d.device_id, d.player_id, d.day,
       least(d.cycles * 4 + case when d.seconds >= 300 then 25 when d.seconds >= 60 then 15 else 0 end,
             ceil(d.seconds / 3.0)::integer + 10),
       d.cycles, d.seconds
from (
  select md5('seed-device-' || s.n || '-' || case when s.n % 8 = 0 and random() < 0.4 then 2 else 1 end)::uuid
           as device_id,
         s.player_id,
         (now() at time zone 'utc')::date - back as day,
         t.seconds,
         (t.seconds / (10 + floor(random() * 9)))::integer as cycles
  from seed_players s
  cross join lateral generate_series(0, s.since) back
  -- The draws sit in a subquery that reads `back`, so they are made once per day (not once per player).
  cross join lateral (
    select random() as roll, greatest(20, (s.session * (0.4 + random() * 1.2))::integer) as seconds, back as b
  ) t
  where t.roll < s.habit
) d
on conflict (device_id, day) do nothing;

select count(*) as players_refreshed
from seed_players s, private.refresh_player_stats(s.player_id, (now() at time zone 'utc')::date);

-- Five teams of up to a dozen players, each with a goal for this week.
insert into public.teams (id, name, join_code, created_by)
select md5('seed-team-' || t)::uuid, name, code, (select s.player_id from seed_players s where s.n = t * 11)
from unnest(array['Morning Standup', 'Night Owls', 'Platform Team', 'Rubber Ducks', 'Deep Work Club'],
            array['DEMQ2ST7', 'NGHT2WLS', 'PLTF4RM8', 'DUCK5QAK', 'DEEP7W3K']) with ordinality as x (name, code, t);

insert into public.team_members (team_id, player_id)
select md5('seed-team-' || t)::uuid, s.player_id
from generate_series(1, 5) t
join seed_players s on s.n % 25 = t * 4 % 25 or s.n = t * 11
on conflict do nothing;

insert into public.team_goals (team_id, metric, target, starts_on, ends_on)
select md5('seed-team-' || t)::uuid, case when t % 2 = 0 then 'cycles' else 'minutes' end,
       case when t % 2 = 0 then 2000 else 300 end,
       private.week_start((now() at time zone 'utc')::date), private.week_start((now() at time zone 'utc')::date) + 6
from generate_series(1, 5) t;

select count(*) as goals_refreshed from generate_series(1, 5) t, private.refresh_team_goal(md5('seed-team-' || t)::uuid);

drop table seed_players;

-- Rank counting that stays fast at a million players.
--
-- A rank is 1 + the number of listed players with a strictly greater score (ties share a rank, like rank()).
-- Counting those rows through the score index costs O(rank): a player near the bottom of a million-player
-- board would walk a million index entries. Instead a histogram keeps, per board and per score bucket, how
-- many listed players with a score sit in it. A rank is then the sum of the buckets above the player's plus
-- an index count inside the player's own bucket.
--
-- Buckets are log-linear (as in HDR histograms): every score below 512 has its own bucket, where players are
-- densest; above that each power of two is split into 256 buckets, so a bucket spans under 0.4% of its
-- scores. A board of scores up to a million has about 3,600 buckets, and the count inside a bucket only
-- sees players within 0.4% of the player's own score.
--
-- A trigger on player_stats keeps the histogram exact on every path (sync, pairing, hiding, deletion, seed).
-- Boards are 'all_time' and 'weekly:<Monday>'; weekly boards of past weeks are dropped by the cleanup job.

create table private.leaderboard_buckets (
  board text not null,
  bucket integer not null,
  -- No check on players >= 0: the upsert below proposes a row with a negative delta before it detects the
  -- conflict. The database tests recount every board against player_stats instead.
  players integer not null,
  primary key (board, bucket)
);
comment on table private.leaderboard_buckets is
  'Histogram per leaderboard: number of listed players whose score falls in each log-linear bucket.';
alter table private.leaderboard_buckets enable row level security;

create function private.score_bucket(score bigint)
returns integer
language sql
immutable
strict
parallel safe
security invoker
set search_path = ''
as $$
  -- e = floor(log2(score)), corrected for floating-point error at exact powers of two.
  with estimate as (
    select floor(ln(greatest(score, 1)::double precision) / ln(2.0::double precision))::integer as e
  ),
  exponent as (
    select case
      when (1::bigint << x.e) > score then x.e - 1
      when (1::bigint << (x.e + 1)) <= score then x.e + 1
      else x.e
    end as e
    from estimate x
  )
  select case when score < 512 then score::integer
              else (256 * (x.e - 8) + (score >> (x.e - 8)))::integer end
  from exponent x;
$$;
comment on function private.score_bucket(bigint) is
  'The histogram bucket of a score: the score itself below 512, then 256 buckets per power of two.';

create function private.bucket_floor(bucket integer)
returns bigint
language sql
immutable
strict
parallel safe
security invoker
set search_path = ''
as $$
  select case when bucket < 512 then bucket::bigint
              else (bucket - 256 * (bucket / 256 - 1))::bigint << (bucket / 256 - 1) end;
$$;
comment on function private.bucket_floor(integer) is 'The lowest score in a histogram bucket (inverse of score_bucket).';

create function private.weekly_board(week_start date)
returns text
language sql
immutable
strict
parallel safe
security invoker
set search_path = ''
as $$
  select 'weekly:' || to_char(week_start, 'YYYY-MM-DD');
$$;
comment on function private.weekly_board(date) is 'Histogram board name of the weekly leaderboard starting that Monday.';

-- Security definer: the histogram must follow player_stats whichever role writes it (an RPC's owner, or
-- service_role administering data), and clients have no access to private.leaderboard_buckets.
create function private.track_leaderboard_buckets()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  with changes (board, bucket, delta) as (
    select 'all_time', private.score_bucket(old.total_xp), -1
      where tg_op <> 'INSERT' and old.show_on_leaderboard and old.total_xp > 0
    union all
    select private.weekly_board(old.week_start), private.score_bucket(old.weekly_xp), -1
      where tg_op <> 'INSERT' and old.show_on_leaderboard and old.weekly_xp > 0
    union all
    select 'all_time', private.score_bucket(new.total_xp), 1
      where tg_op <> 'DELETE' and new.show_on_leaderboard and new.total_xp > 0
    union all
    select private.weekly_board(new.week_start), private.score_bucket(new.weekly_xp), 1
      where tg_op <> 'DELETE' and new.show_on_leaderboard and new.weekly_xp > 0
  ),
  net as (
    select c.board, c.bucket, sum(c.delta)::integer as delta
    from changes c
    group by c.board, c.bucket
    having sum(c.delta) <> 0
  )
  -- Rows are touched in key order so concurrent syncs lock buckets in the same order.
  insert into private.leaderboard_buckets as b (board, bucket, players)
  select n.board, n.bucket, n.delta from net n order by n.board, n.bucket
  on conflict (board, bucket) do update set players = b.players + excluded.players;
  return null;
end;
$$;
comment on function private.track_leaderboard_buckets() is
  'Trigger on player_stats: moves the player between histogram buckets when its score or visibility changes.';

create trigger track_leaderboard_buckets
  after insert or update or delete on public.player_stats
  for each row
  execute function private.track_leaderboard_buckets();

-- Listed players strictly above a score on a board: the buckets above, plus an index count inside its bucket.
create function private.players_above(scope text, week date, score bigint)
returns bigint
language sql
stable
security invoker
set search_path = ''
as $$
  select
    coalesce((
      select sum(b.players)
      from private.leaderboard_buckets b
      where b.board = case when scope = 'weekly' then private.weekly_board(week) else 'all_time' end
        and b.bucket > private.score_bucket(score)
    ), 0)
    + case when scope = 'weekly' then (
        select count(*)
        from public.player_stats s
        where s.show_on_leaderboard and s.weekly_xp > 0
          and s.week_start = week
          and s.weekly_xp > score
          and s.weekly_xp < private.bucket_floor(private.score_bucket(score) + 1)
      ) else (
        select count(*)
        from public.player_stats s
        where s.show_on_leaderboard and s.total_xp > 0
          and s.total_xp > score
          and s.total_xp < private.bucket_floor(private.score_bucket(score) + 1)
      ) end;
$$;
comment on function private.players_above(text, date, bigint) is
  'How many listed players score strictly more than the given score on the all-time or weekly board.';

create function private.board_size(scope text, week date)
returns bigint
language sql
stable
security invoker
set search_path = ''
as $$
  select coalesce(sum(b.players), 0)::bigint
  from private.leaderboard_buckets b
  where b.board = case when scope = 'weekly' then private.weekly_board(week) else 'all_time' end;
$$;
comment on function private.board_size(text, date) is 'How many listed players with a score are on a board.';

-- Recounts every histogram from player_stats: for bulk loads that bypass the trigger, and as a repair tool.
create function private.rebuild_leaderboard_buckets()
returns void
language sql
volatile
security invoker
set search_path = ''
as $$
  delete from private.leaderboard_buckets;
  insert into private.leaderboard_buckets (board, bucket, players)
  select 'all_time', private.score_bucket(s.total_xp), count(*)
  from public.player_stats s where s.show_on_leaderboard and s.total_xp > 0
  group by 2
  union all
  select private.weekly_board(s.week_start), private.score_bucket(s.weekly_xp), count(*)
  from public.player_stats s where s.show_on_leaderboard and s.weekly_xp > 0
  group by 1, 2;
$$;
comment on function private.rebuild_leaderboard_buckets() is
  'Recounts every leaderboard histogram from player_stats (after bulk loads, or to repair).';

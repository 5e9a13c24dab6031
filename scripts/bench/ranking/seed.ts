import type pg from 'pg';

// Players for the ranking benchmark, generated inside PostgreSQL: a device (auth user), a player and its
// player_stats row per player, added in batches so one database grows 10k → 100k → 1M.
//
// Rows are written with triggers off (session_replication_role = replica): the broadcast trigger would queue
// a realtime message per player, and the histogram trigger's upsert per row would dominate the seed. The
// batch's histogram is then added in one statement with the effect track_leaderboard_buckets() has for
// inserts (+1 per listed player with a score, on 'all_time' and on its week's board), through the product's
// own score_bucket() and weekly_board(). Those are SQL functions that cannot be inlined (they pin their
// search_path), so they are called once per distinct score rather than once per row: a million calls each
// of level_for_xp() and score_bucket() would take most of a minute on two cores. verify.ts then holds
// get_my_rank() to a plain count. daily_progress stays empty: no board or rank reads it.

// Player number n has id 00000000-0000-4000-8000-<n in hex>, its device 00000001-…: deterministic, in the
// order players sign up.
const uuidSql = (prefix: string, n = 'n') =>
  `('${prefix}-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

export interface SeedTiming {
  /** auth.users, players, player_devices and player_stats rows. */
  rowsSeconds: number;
  /** The batch's histogram counts. */
  bucketsSeconds: number;
  /** vacuum (analyze) afterwards. */
  vacuumSeconds: number;
}

/**
 * Scores follow a log-normal law (median 400 XP, 99.9th percentile about 40,000, a handful of players
 * near half a million), as engagement does: many tried a few sessions, few breathe every day for years.
 * 5% signed in but never scored, 10% hide from the boards, 30% breathed this week (their week_start is the
 * current week; the others keep the weekly XP of one of the 8 weeks before, which no current board counts).
 * $1, $2: the batch's first and last player number; $3: the current week's Monday; $4: today (UTC).
 */
const PLAYER_STATS_SQL = `
with draws as (
  select n, random() as u_zero, 1 - random() as u1, random() as u2, 1 - random() as u3, random() as u4,
    case when random() < 0.3 then 0 else 1 + floor(random() * 8)::integer end as weeks_ago,
    floor(random() * 30)::integer as streak
  from generate_series($1::integer, $2::integer) as n
),
scores as (
  select d.n, d.streak, d.weeks_ago, s.total_xp,
    case when s.total_xp = 0 then 0
         else least(s.total_xp, greatest(1, floor(exp(ln(150) + 1.2 * sqrt(-2 * ln(d.u3)) * cos(2 * pi() * d.u4)))))
    end::bigint as weekly_xp
  from draws d
  cross join lateral (
    select case when d.u_zero < 0.05 then 0
                else greatest(1, least(2000000, floor(exp(ln(400) + 1.5 * sqrt(-2 * ln(d.u1)) * cos(2 * pi() * d.u2)))))
           end::bigint as total_xp
  ) s
),
levels as (
  select x.total_xp, private.level_for_xp(x.total_xp) as level
  from (select distinct total_xp from scores) x
)
insert into public.player_stats (
  player_id, handle, show_on_leaderboard, total_xp, level, total_cycles, total_seconds, active_days,
  current_streak, longest_streak, last_active_day, as_of_day, week_start, weekly_xp, device_count
)
select ${uuidSql('00000000')}, 'Bench Player ' || n, n % 10 <> 3, s.total_xp, l.level,
  s.total_xp / 3, s.total_xp * 3, case when s.total_xp = 0 then 0 else 1 + s.total_xp / 300 end,
  case when s.total_xp = 0 then 0 else least(s.streak, 1 + s.total_xp / 300) end,
  case when s.total_xp = 0 then 0 else least(s.streak + 5, 1 + s.total_xp / 300) end,
  case when s.total_xp = 0 then null else $4::date - 7 * s.weeks_ago end,
  $4::date - 7 * s.weeks_ago, $3::date - 7 * s.weeks_ago, s.weekly_xp, 1
from scores s
join levels l using (total_xp)
-- Heap order like the product's (rows arrive as players sign up), not grouped by score.
order by n`;

/** What track_leaderboard_buckets() adds for these rows when they are inserted: $1, $2 as above. */
const BATCH_BUCKETS_SQL = `
with batch as (
  select s.total_xp, s.weekly_xp, s.week_start
  from public.player_stats s
  where s.player_id between ${uuidSql('00000000', '$1::integer')} and ${uuidSql('00000000', '$2::integer')}
    and s.show_on_leaderboard
),
scores as (
  select 'all_time' as board, b.total_xp as score, count(*) as players
  from batch b where b.total_xp > 0 group by b.total_xp
  union all
  select private.weekly_board(w.week_start), w.weekly_xp, w.players
  from (select b.week_start, b.weekly_xp, count(*) as players from batch b where b.weekly_xp > 0
        group by b.week_start, b.weekly_xp) w
)
insert into private.leaderboard_buckets as b (board, bucket, players)
select s.board, private.score_bucket(s.score), sum(s.players)::integer
from scores s
group by 1, 2
order by 1, 2
on conflict (board, bucket) do update set players = b.players + excluded.players`;

/** Adds players from+1 .. to, their histogram counts, then refreshes the statistics and the visibility map. */
export async function growPlayers(client: pg.ClientBase, from: number, to: number): Promise<SeedTiming> {
  const t0 = performance.now();
  const range = [from + 1, to];
  await client.query('begin');
  try {
    await client.query('set local session_replication_role = replica');
    // The temporary cluster commits asynchronously; until the commit record is flushed, vacuum may not
    // mark the new rows all-visible, and every index-only count would visit the heap.
    await client.query('set local synchronous_commit = on');
    // A fixed seed per batch: every run benchmarks the same players.
    await client.query('select setseed($1)', [(to % 7919) / 7919]);
    const { rows } = await client.query<{ week: string; today: string }>(
      `select private.current_week()::text as week, (now() at time zone 'utc')::date::text as today`,
    );
    const { week, today } = rows[0] ?? { week: '', today: '' };
    await client.query(
      `insert into auth.users (id, aud, role, is_anonymous, raw_app_meta_data, raw_user_meta_data,
         created_at, updated_at, last_sign_in_at)
       select ${uuidSql('00000001')}, 'authenticated', 'authenticated', true,
         '{"provider":"anonymous","providers":["anonymous"]}', '{}', now(), now(), now()
       from generate_series($1::integer, $2::integer) as n`,
      range,
    );
    await client.query(
      `insert into public.players (id, handle, show_on_leaderboard)
       select ${uuidSql('00000000')}, 'Bench Player ' || n, n % 10 <> 3
       from generate_series($1::integer, $2::integer) as n`,
      range,
    );
    await client.query(
      `insert into public.player_devices (user_id, player_id, kind, last_sync_at)
       select ${uuidSql('00000001')}, ${uuidSql('00000000')}, 'vscode', now()
       from generate_series($1::integer, $2::integer) as n`,
      range,
    );
    await client.query(PLAYER_STATS_SQL, [...range, week, today]);
    const t1 = performance.now();
    await client.query(BATCH_BUCKETS_SQL, range);
    await client.query('commit');
    const t2 = performance.now();
    // Index-only counts need the visibility map, which a live table gets from autovacuum.
    await client.query(
      'vacuum (analyze) public.player_stats, private.leaderboard_buckets, public.players, public.player_devices, auth.users',
    );
    const t3 = performance.now();
    return {
      rowsSeconds: (t1 - t0) / 1000,
      bucketsSeconds: (t2 - t1) / 1000,
      vacuumSeconds: (t3 - t2) / 1000,
    };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  }
}

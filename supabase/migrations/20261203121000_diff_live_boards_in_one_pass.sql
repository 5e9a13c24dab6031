-- The flush's board diff in one pass: a full join of the fresh top 100 with the snapshot.
--
-- The planner cannot estimate an array parameter's rows (it assumes one), so the first version's two queries
-- became nested loops: the snapshot scanned once per fresh row, and the fresh array unnested once per snapshot
-- row for "left the top 100". That was most of a flush in which nothing changed (about 4 ms of CPU of 6 at
-- 100,000 players). A full join can only run as a hash or merge join, so both directions now take one pass.
-- Same signature and result.

create or replace function private.live_board_diff(fresh private.live_board_rows[], board text)
returns jsonb
language plpgsql
stable
security invoker
set search_path = ''
as $$
declare
  changed jsonb;
  removed jsonb;
begin
  select
    jsonb_agg(jsonb_build_object('player_id', f.player_id, 'handle', f.handle, 'level', f.level,
        'total_xp', f.total_xp, 'weekly_xp', f.weekly_xp, 'current_streak', f.current_streak, 'rank', f.rank)
        order by f.rank, f.player_id)
      filter (where f.player_id is not null and (r.player_id is null
        or (r.handle, r.level, r.total_xp, r.weekly_xp, r.current_streak)
           is distinct from (f.handle, f.level, f.total_xp, f.weekly_xp, f.current_streak))),
    jsonb_agg(r.player_id order by r.rank, r.player_id) filter (where f.player_id is null)
  into changed, removed
  from (select * from unnest(fresh) u where u.board = live_board_diff.board) f
  full join (select * from private.live_board_rows s where s.board = live_board_diff.board) r
    on r.player_id = f.player_id;

  if changed is null and removed is null then
    return null;
  end if;
  return jsonb_build_object('rows', coalesce(changed, '[]'::jsonb), 'removed', coalesce(removed, '[]'::jsonb));
end;
$$;
comment on function private.live_board_diff(private.live_board_rows[], text) is
  'Rows of one board that entered or changed since the snapshot, and players that left its top 100; null when none.';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  anon,
  createDevice,
  createTestDatabase,
  device,
  expectError,
  inTransaction,
  type Persona,
  push,
  queryAs,
  rpc,
  serverToday,
  serviceRole,
  type TestDatabase,
} from './support/database.ts';

// The operator's RPCs: service_role alone may run them, a refused call changes nothing, and the figures and
// actions do what /admin shows and promises.

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

const ADMIN_CALLS: { fn: string; args: (player: string) => Record<string, unknown> }[] = [
  { fn: 'admin_overview', args: () => ({}) },
  { fn: 'admin_daily_activity', args: () => ({ days: 30 }) },
  { fn: 'admin_find_player', args: () => ({ handle: 'a' }) },
  { fn: 'admin_hide_player', args: (player) => ({ player_id: player, hidden: true }) },
  { fn: 'admin_delete_player', args: (player) => ({ player_id: player }) },
];

interface AdminPlayer {
  player_id: string;
  handle: string;
  show_on_leaderboard: boolean;
  hidden_by_operator: boolean;
  total_xp: number;
  device_count: number;
}

interface Day {
  day: string;
  active_players: number;
  accepted: number;
  refused: Record<string, number>;
}

async function newPlayer(
  xp = 30,
  seconds = 120,
): Promise<{ device: string; player: string; handle: string }> {
  const id = await createDevice(db.client);
  const stats = await push(db.client, id, [{ day: today, xp, cycles: 5, seconds }], today);
  return { device: id, player: stats.player_id, handle: stats.handle };
}

async function count(sql: string, values: unknown[] = []): Promise<number> {
  const rows = await db.client.query<{ n: number }>(sql, values);
  return Number(rows.rows[0]?.n);
}

async function activityToday(): Promise<Day> {
  const days = await rpc<Day[]>(db.client, serviceRole, 'admin_daily_activity', { days: 1 });
  expect(days).toHaveLength(1);
  return days[0] as Day;
}

describe('who may call', () => {
  it('service_role alone holds execute on every admin RPC', async () => {
    const grants = await db.client.query<{ fn: string; anon: boolean; device: boolean; service: boolean }>(`
      select p.proname as fn, has_function_privilege('anon', p.oid, 'execute') as anon,
             has_function_privilege('authenticated', p.oid, 'execute') as device,
             has_function_privilege('service_role', p.oid, 'execute') as service
      from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname like 'admin\\_%' order by 1`);
    expect(grants.rows.map((g) => g.fn).sort()).toEqual(ADMIN_CALLS.map((c) => c.fn).sort());
    for (const g of grants.rows) expect(g, g.fn).toMatchObject({ anon: false, device: false, service: true });
  });

  for (const call of ADMIN_CALLS) {
    it(`${call.fn}: anon and a device get the permission error, and nothing changes`, () =>
      inTransaction(db.client, async () => {
        const victim = await newPlayer();
        const caller = await newPlayer();
        const refused: Persona[] = [anon, device(caller.device)];
        for (const persona of refused) {
          await expectError(db.client, () => rpc(db.client, persona, call.fn, call.args(victim.player)), {
            code: '42501',
          });
        }
        const [row] = await queryAs<{ show_on_leaderboard: boolean }>(
          db.client,
          serviceRole,
          'select show_on_leaderboard from public.players where id = $1',
          [victim.player],
        );
        expect(row).toEqual({ show_on_leaderboard: true });
        expect(await count('select count(*) as n from private.hidden_players')).toBe(0);
        expect(await count('select count(*) as n from auth.users where id = $1', [victim.device])).toBe(1);
      }));
  }
});

describe('admin_overview', () => {
  it('counts players, devices per player, hidden players and teams with their sizes and goals', () =>
    inTransaction(db.client, async () => {
      const before = await rpc<Record<string, unknown>>(db.client, serviceRole, 'admin_overview');
      const one = await newPlayer();
      const two = await newPlayer();
      const second = await createDevice(db.client);
      const { code } = await rpc<{ code: string }>(db.client, device(two.device), 'create_pairing_code');
      await rpc(db.client, device(second), 'redeem_pairing_code', { code });
      await rpc(db.client, device(one.device), 'set_leaderboard_visibility', { visible: false });
      const team = await rpc<{ id: string; join_code: string }>(
        db.client,
        device(one.device),
        'create_team',
        {
          name: 'Operators',
        },
      );
      await rpc(db.client, device(two.device), 'join_team', { code: team.join_code });
      await rpc(db.client, device(one.device), 'set_team_goal', {
        team_id: team.id,
        metric: 'minutes',
        target: 1000,
        ends_on: addDays(today, 7),
      });
      const after = await rpc<{
        players: number;
        devices: number;
        hidden_by_player: number;
        devices_per_player: { devices: number; players: number }[];
        teams: {
          count: number;
          members: number;
          sizes: { members: number; teams: number }[];
          goals: { active: number };
        };
      }>(db.client, serviceRole, 'admin_overview');
      const b = before as typeof after;
      expect(after.players - b.players).toBe(2);
      expect(after.devices - b.devices).toBe(3);
      expect(after.hidden_by_player - b.hidden_by_player).toBe(1);
      const players = (o: typeof after, n: number) =>
        o.devices_per_player.find((d) => d.devices === n)?.players ?? 0;
      expect(players(after, 1) - players(b, 1)).toBe(1);
      expect(players(after, 2) - players(b, 2)).toBe(1);
      expect(after.teams.count - b.teams.count).toBe(1);
      expect(after.teams.members - b.teams.members).toBe(2);
      const teams = (o: typeof after, n: number) => o.teams.sizes.find((s) => s.members === n)?.teams ?? 0;
      expect(teams(after, 2) - teams(b, 2)).toBe(1);
      expect(after.teams.goals.active - b.teams.goals.active).toBe(1);
    }));
});

describe('admin_daily_activity', () => {
  it('lists every day of the window with active players (a minute summed over devices)', () =>
    inTransaction(db.client, async () => {
      const days = await rpc<Day[]>(db.client, serviceRole, 'admin_daily_activity', { days: 30 });
      expect(days.map((d) => d.day)).toEqual(Array.from({ length: 30 }, (_, i) => addDays(today, i - 29)));
      const before = await activityToday();
      await newPlayer(30, 120);
      await newPlayer(10, 30); // half a minute: not active
      const after = await activityToday();
      expect(after.active_players - before.active_players).toBe(1);
    }));

  it('counts accepted pushes, and refused ones by code although their transaction rolled back', async () => {
    const before = await activityToday();
    const id = await createDevice(db.client);
    const refuse = async (days: unknown[], on: string, message: string) =>
      inTransaction(db.client, () =>
        expectError(
          db.client,
          () => rpc(db.client, device(id), 'sync_progress', { days: JSON.stringify(days), today: on }),
          { code: 'PT400', message },
        ),
      );
    await refuse([{ day: today, xp: 5000, cycles: 1, seconds: 60 }], today, 'implausible_counters');
    await refuse([{ day: today, xp: 5000, cycles: 1, seconds: 60 }], today, 'implausible_counters');
    await refuse([{ day: addDays(today, -40), xp: 1, cycles: 1, seconds: 60 }], today, 'day_out_of_window');
    await refuse([], addDays(today, 5), 'today_out_of_window');
    await refuse([{ day: 'yesterday' }], today, 'invalid_payload');
    // Accepted pushes, committed (as PostgREST runs each request: in a transaction of its own).
    for (const xp of [10, 10]) {
      await db.client.query('begin');
      await push(db.client, id, [{ day: today, xp, cycles: 2, seconds: 60 }], today);
      await db.client.query('commit');
    }
    const after = await activityToday();
    const refused = (d: Day, code: string) => d.refused[code] ?? 0;
    expect(after.accepted - before.accepted).toBe(2);
    expect(refused(after, 'implausible_counters') - refused(before, 'implausible_counters')).toBe(2);
    expect(refused(after, 'day_out_of_window') - refused(before, 'day_out_of_window')).toBe(1);
    expect(refused(after, 'today_out_of_window') - refused(before, 'today_out_of_window')).toBe(1);
    expect(refused(after, 'invalid_payload') - refused(before, 'invalid_payload')).toBe(1);
    // The refused pushes left nothing behind; the counts hold no device or player.
    expect(await count('select count(*) as n from public.daily_progress where device_id = $1', [id])).toBe(1);
    const columns = await db.client.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_schema = 'private' and table_name = 'push_counts' order by 1`,
    );
    expect(columns.rows.map((c) => c.column_name)).toEqual(['code', 'count', 'day']);
    // A second snapshot without new pushes adds nothing.
    expect(await activityToday()).toEqual(after);
  });

  it('is snapshotted every minute by a cron job, so counts land on the day they happened', async () => {
    const jobs = await db.client.query('select schedule, command from cron.job where jobname = $1', [
      'breath-master-push-counts',
    ]);
    expect(jobs.rows).toEqual([{ schedule: '* * * * *', command: 'select private.snapshot_push_counts()' }]);
  });

  it('refuses a window outside 1..366 days', () =>
    inTransaction(db.client, () =>
      expectError(db.client, () => rpc(db.client, serviceRole, 'admin_daily_activity', { days: 0 }), {
        code: 'PT400',
        message: 'invalid_payload',
      }),
    ));
});

describe('admin_find_player', () => {
  it('finds the exact handle first, then handles starting with the text, case-insensitively', () =>
    inTransaction(db.client, async () => {
      const p = await newPlayer();
      const found = await rpc<AdminPlayer[]>(db.client, serviceRole, 'admin_find_player', {
        handle: p.handle.toUpperCase(),
      });
      expect(found[0]).toMatchObject({
        player_id: p.player,
        handle: p.handle,
        device_count: 1,
        total_xp: 30,
      });
      const prefix = await rpc<AdminPlayer[]>(db.client, serviceRole, 'admin_find_player', {
        handle: p.handle.slice(0, 3),
      });
      expect(prefix.map((f) => f.player_id)).toContain(p.player);
      expect(await rpc(db.client, serviceRole, 'admin_find_player', { handle: '%' })).toEqual([]);
    }));
});

describe('admin_hide_player', () => {
  const onBoard = async (player: string) =>
    (
      await queryAs<{ player_id: string }>(
        db.client,
        anon,
        'select player_id from public.get_leaderboard($1, null, 1000)',
        ['all_time'],
      )
    ).some((r) => r.player_id === player);

  it('takes a player off the public boards until the operator lifts it; the player cannot undo it', () =>
    inTransaction(db.client, async () => {
      const p = await newPlayer();
      expect(await onBoard(p.player)).toBe(true);
      const hidden = await rpc<AdminPlayer>(db.client, serviceRole, 'admin_hide_player', {
        player_id: p.player,
        hidden: true,
      });
      expect(hidden).toMatchObject({ show_on_leaderboard: false, hidden_by_operator: true });
      expect(await onBoard(p.player)).toBe(false);
      const mine = await rpc<{ show_on_leaderboard: boolean }>(
        db.client,
        device(p.device),
        'set_leaderboard_visibility',
        {
          visible: true,
        },
      );
      expect(mine.show_on_leaderboard).toBe(false);
      expect(await onBoard(p.player)).toBe(false);
      await rpc(db.client, serviceRole, 'admin_hide_player', { player_id: p.player, hidden: false });
      expect(await onBoard(p.player)).toBe(true);
    }));

  it("lifting the hide restores the player's own choice", () =>
    inTransaction(db.client, async () => {
      const p = await newPlayer();
      await rpc(db.client, serviceRole, 'admin_hide_player', { player_id: p.player, hidden: true });
      await rpc(db.client, device(p.device), 'set_leaderboard_visibility', { visible: false });
      const lifted = await rpc<AdminPlayer>(db.client, serviceRole, 'admin_hide_player', {
        player_id: p.player,
        hidden: false,
      });
      expect(lifted).toMatchObject({ show_on_leaderboard: false, hidden_by_operator: false });
    }));

  it('refuses an unknown player', () =>
    inTransaction(db.client, () =>
      expectError(
        db.client,
        () =>
          rpc(db.client, serviceRole, 'admin_hide_player', {
            player_id: '00000000-0000-4000-8000-000000000000',
            hidden: true,
          }),
        { code: 'PT404', message: 'player_not_found' },
      ),
    ));
});

describe('admin_delete_player', () => {
  async function footprint(player: string, devices: string[]) {
    return {
      players: await count('select count(*) as n from public.players where id = $1', [player]),
      stats: await count('select count(*) as n from public.player_stats where player_id = $1', [player]),
      devices: await count('select count(*) as n from public.player_devices where player_id = $1', [player]),
      daily: await count('select count(*) as n from public.daily_progress where player_id = $1', [player]),
      users: await count('select count(*) as n from auth.users where id = any($1)', [devices]),
      memberships: await count('select count(*) as n from public.team_members where player_id = $1', [
        player,
      ]),
    };
  }

  it('removes what delete_my_data removes: player, rows, auth users of every device, emptied teams', () =>
    inTransaction(db.client, async () => {
      const p = await newPlayer();
      const second = await createDevice(db.client);
      const { code } = await rpc<{ code: string }>(db.client, device(p.device), 'create_pairing_code');
      await rpc(db.client, device(second), 'redeem_pairing_code', { code });
      const alone = await rpc<{ id: string }>(db.client, device(p.device), 'create_team', { name: 'Alone' });
      const shared = await rpc<{ id: string; join_code: string }>(
        db.client,
        device(p.device),
        'create_team',
        {
          name: 'Shared',
        },
      );
      const other = await newPlayer();
      await rpc(db.client, device(other.device), 'join_team', { code: shared.join_code });
      await rpc(db.client, serviceRole, 'admin_hide_player', { player_id: p.player, hidden: true });

      const result = await rpc(db.client, serviceRole, 'admin_delete_player', { player_id: p.player });
      expect(result).toEqual({ player_id: p.player, handle: p.handle, devices_removed: 2 });
      expect(await footprint(p.player, [p.device, second])).toEqual({
        players: 0,
        stats: 0,
        devices: 0,
        daily: 0,
        users: 0,
        memberships: 0,
      });
      expect(await count('select count(*) as n from public.teams where id = $1', [alone.id])).toBe(0);
      expect(await count('select count(*) as n from public.teams where id = $1', [shared.id])).toBe(1);
      expect(await count('select count(*) as n from private.hidden_players')).toBe(0);
      expect((await footprint(other.player, [other.device])).players).toBe(1);
    }));

  it('delete_my_data still erases the caller through the same internals', () =>
    inTransaction(db.client, async () => {
      const p = await newPlayer();
      await rpc(db.client, device(p.device), 'delete_my_data');
      expect(await footprint(p.player, [p.device])).toMatchObject({ players: 0, users: 0, daily: 0 });
    }));

  it('refuses an unknown player', () =>
    inTransaction(db.client, () =>
      expectError(
        db.client,
        () =>
          rpc(db.client, serviceRole, 'admin_delete_player', {
            player_id: '00000000-0000-4000-8000-000000000000',
          }),
        { code: 'PT404', message: 'player_not_found' },
      ),
    ));
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

// The house rules for the schema, checked on the migrated database (in the spirit of Supabase's splinter).

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

/** Every security definer function, with the reason it cannot run as the caller. */
const SECURITY_DEFINER_ALLOW_LIST: Record<string, string> = {
  'private.my_player_id': 'policies on player_devices cannot read player_devices under their own RLS',
  'private.my_team_ids': 'policies on team_members cannot read team_members under their own RLS',
  'private.require_member': 'tells team_not_found from not_a_member for teams a non-member cannot see',
  'private.copy_player_settings_to_stats': 'trigger keeping player_stats in step whoever updates players',
  'private.track_leaderboard_buckets': 'trigger maintaining the private rank histogram',
  'private.refresh_goals_after_stats': "trigger reading other members' daily rows for goal progress",
  'private.refresh_goal_after_membership': "trigger reading other members' daily rows for goal progress",
  'private.send_my_stats': 'trigger writing realtime.messages, which clients may not write',
  'private.mark_teams_after_stats': 'trigger reading memberships and writing the private live-team marks',
  'private.mark_team_after_membership': 'trigger writing the private live-team marks',
  'private.note_live_progress': 'trigger writing the private marks of changed player-days',
  'private.count_live_players': 'trigger writing private tile changes',
  'private.keep_operator_hidden': 'trigger holding an operator hide whichever role updates players',
  'public.sync_progress': 'the only write path for progress; validates everything',
  'public.set_leaderboard_visibility': 'players is read-only to clients',
  'public.regenerate_handle': 'players is read-only to clients',
  'public.get_leaderboard': 'reads public fields of other players',
  'public.get_my_rank': 'counts other players',
  'public.get_global_stats': "aggregates every player's rows",
  'public.get_live_board': 'reads the private live snapshot of public fields of other players',
  'public.set_breathing': 'breathing_devices is private; writes only the calling device',
  'public.create_pairing_code': 'pairing_codes is read-only to clients',
  'public.redeem_pairing_code': 'moves rows between players',
  'public.delete_my_data': 'deletes rows and auth.users',
  'public.create_team': 'teams are read-only to clients',
  'public.join_team': 'team_members is read-only to clients',
  'public.leave_team': 'team_members is read-only to clients',
  'public.set_team_goal': 'team_goals is read-only to clients',
  'public.admin_overview': 'service_role only: aggregates every player and the private operator hides',
  'public.admin_daily_activity': 'service_role only: reads every daily row and the private push counts',
  'public.admin_find_player': 'service_role only: reads every player and the private operator hides',
  'public.admin_hide_player': 'service_role only: writes players and the private operator hides',
  'public.admin_delete_player': 'service_role only: deletes players and auth.users',
};

/** The RPC surface of ARCHITECTURE.md. */
const RPCS = [
  'api_version',
  'create_pairing_code',
  'create_team',
  'delete_my_data',
  'export_my_data',
  'get_global_stats',
  'get_leaderboard',
  'get_live_board',
  'get_my_progress',
  'get_my_rank',
  'get_my_teams',
  'get_team',
  'join_team',
  'leave_team',
  'redeem_pairing_code',
  'regenerate_handle',
  'set_breathing',
  'set_leaderboard_visibility',
  'set_team_goal',
  'sync_progress',
];

/** Private helpers that run as the device, from invoker RPCs or policies; each reads only through RLS. */
const PRIVATE_FOR_DEVICES = [
  'achievements',
  'is_my_team_topic',
  'my_player_id',
  'my_stats',
  'my_team_ids',
  'request_client_version',
  'require_current_client',
  'require_device',
  'require_member',
  'require_player',
  'streak_runs',
  'team_object',
  'version_parts',
];

async function rows<T>(sql: string): Promise<T[]> {
  return (await db.client.query(sql)).rows as T[];
}

const ourFunctions = `
  select n.nspname || '.' || p.proname as name, p.oid, p.prosecdef, p.proconfig,
         obj_description(p.oid, 'pg_proc') as comment
  from pg_proc p join pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ('public', 'private') and p.prokind = 'f'`;

describe('tables', () => {
  it('every table in public and private has row level security enabled', async () => {
    const off = await rows<{ name: string }>(`
      select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') and not c.relrowsecurity`);
    expect(off).toEqual([]);
  });

  it('every table a client role can touch has at least one policy; private tables are granted to no client', async () => {
    const exposed = await rows<{ name: string; policies: number }>(`
      select n.nspname || '.' || c.relname as name,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'private') and c.relkind in ('r', 'p')
        and (has_table_privilege('anon', c.oid, 'select, insert, update, delete')
          or has_table_privilege('authenticated', c.oid, 'select, insert, update, delete'))`);
    expect(exposed.filter((t) => t.policies === 0)).toEqual([]);
    expect(exposed.filter((t) => t.name.startsWith('private.'))).toEqual([]);
    expect(exposed.map((t) => t.name).sort()).toEqual(
      [
        'daily_progress',
        'pairing_codes',
        'player_devices',
        'player_stats',
        'players',
        'team_goals',
        'team_members',
        'teams',
      ].map((t) => `public.${t}`),
    );
  });

  it('clients hold only select on tables: every write goes through an RPC', async () => {
    const writable = await rows<{ name: string; role: string }>(`
      select n.nspname || '.' || c.relname as name, r.role
      from pg_class c join pg_namespace n on n.oid = c.relnamespace, unnest(array['anon', 'authenticated']) r(role)
      where n.nspname in ('public', 'private') and c.relkind in ('r', 'p')
        and has_table_privilege(r.role, c.oid, 'insert, update, delete, truncate')`);
    expect(writable).toEqual([]);
  });

  it('every table has a comment', async () => {
    const bare = await rows<{ name: string }>(`
      select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname in ('public', 'private') and c.relkind in ('r', 'p') and obj_description(c.oid, 'pg_class') is null`);
    expect(bare).toEqual([]);
  });

  it('every foreign key is covered by an index starting with its columns', async () => {
    const uncovered = await rows<{ name: string }>(`
      select c.conname as name from pg_constraint c join pg_namespace n on n.oid = c.connamespace
      where c.contype = 'f' and n.nspname in ('public', 'private')
        and not exists (
          select 1 from pg_index i
          where i.indrelid = c.conrelid
            and (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey)`);
    expect(uncovered).toEqual([]);
  });
});

describe('policies', () => {
  it('are one per operation and role, and call auth helpers through (select ...) so they run once per statement', async () => {
    const policies = await rows<{
      name: string;
      cmd: string;
      roles: string[];
      qual: string | null;
      check: string | null;
    }>(`
      select schemaname || '.' || tablename || ': ' || policyname as name, cmd, roles::text[] as roles,
             qual, with_check as check
      from pg_policies where schemaname in ('public', 'private', 'realtime')`);
    expect(policies.length).toBeGreaterThan(8);
    const keys = policies.map((p) => `${p.name.split(':')[0]} ${p.cmd} ${p.roles.join(',')}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    for (const p of policies) {
      expect(p.cmd, p.name).not.toBe('ALL');
      expect(p.roles.length, p.name).toBe(1);
      expect(p.roles[0], p.name).not.toBe('public');
      const text = `${p.qual ?? ''} ${p.check ?? ''}`;
      for (const call of text.matchAll(/(auth\.uid|private\.my_player_id|realtime\.topic)\(\)/g)) {
        const before = text.slice(Math.max(0, (call.index ?? 0) - 8), call.index);
        expect(before, `${p.name}: ${text}`).toMatch(/SELECT $/);
      }
    }
  });

  it('every column a policy filters on leads an index', async () => {
    const policies = await rows<{ table: string; qual: string }>(`
      select schemaname || '.' || tablename as table, qual from pg_policies where schemaname = 'public'`);
    for (const p of policies) {
      const column = /^\(?(\w+) (=|IN) /.exec(p.qual)?.[1];
      expect(column, p.qual).toBeDefined();
      const indexed = await db.client.query(
        `select 1 from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
         where i.indrelid = $1::regclass and a.attname = $2`,
        [p.table, column],
      );
      expect(indexed.rowCount, `${p.table}.${column}`).toBeGreaterThan(0);
    }
  });

  it('realtime.messages has select policies only: no client role may send on any topic', async () => {
    const realtime = await rows<{ name: string; cmd: string; roles: string[] }>(`
      select policyname as name, cmd, roles::text[] as roles from pg_policies where schemaname = 'realtime' order by 1`);
    expect(realtime.map((p) => [p.cmd, p.roles]).sort()).toEqual([
      ['SELECT', ['anon']],
      ['SELECT', ['authenticated']],
    ]);
  });
});

describe('functions', () => {
  it('every function in public and private has a fixed, empty search_path', async () => {
    const functions = await rows<{ name: string; proconfig: string[] | null }>(ourFunctions);
    expect(functions.length).toBeGreaterThan(40);
    expect(
      functions.filter((f) => !(f.proconfig ?? []).includes('search_path=""')).map((f) => f.name),
    ).toEqual([]);
  });

  it('every function has a comment', async () => {
    const functions = await rows<{ name: string; comment: string | null }>(ourFunctions);
    expect(functions.filter((f) => f.comment === null).map((f) => f.name)).toEqual([]);
  });

  it('security definer functions are exactly the allow-list, each with a reason', async () => {
    const definers = await rows<{ name: string }>(
      `select name from (${ourFunctions}) f where prosecdef order by 1`,
    );
    expect(definers.map((f) => f.name)).toEqual(Object.keys(SECURITY_DEFINER_ALLOW_LIST).sort());
    for (const reason of Object.values(SECURITY_DEFINER_ALLOW_LIST))
      expect(reason.length).toBeGreaterThan(10);
  });

  it('anon can execute only api_version, get_leaderboard, get_live_board and get_global_stats', async () => {
    const runnable = await rows<{ name: string }>(
      `select name from (${ourFunctions}) f where has_function_privilege('anon', f.oid, 'execute') order by 1`,
    );
    expect(runnable.map((f) => f.name)).toEqual([
      'public.api_version',
      'public.get_global_stats',
      'public.get_leaderboard',
      'public.get_live_board',
    ]);
  });

  it('devices can execute the RPC surface and the few private helpers that read through RLS', async () => {
    const runnable = await rows<{ name: string }>(
      `select name from (${ourFunctions}) f where has_function_privilege('authenticated', f.oid, 'execute') order by 1`,
    );
    expect(runnable.map((f) => f.name)).toEqual(
      [...RPCS.map((r) => `public.${r}`), ...PRIVATE_FOR_DEVICES.map((p) => `private.${p}`)].sort(),
    );
  });

  it('PUBLIC (every role) holds execute on none of them', async () => {
    const open = await rows<{ name: string }>(`
      select f.name from (${ourFunctions}) f join pg_proc p on p.oid = f.oid, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
      where a.grantee = 0 and a.privilege_type = 'EXECUTE'`);
    expect(open).toEqual([]);
  });
});

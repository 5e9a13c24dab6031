import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  anon,
  become,
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
  superuser,
  type TestDatabase,
} from './support/database.ts';

// Every table x select/insert/update/delete x persona: exactly what is allowed, and forbidden writes change
// nothing. Clients only ever read their own player's rows; every write goes through an RPC.

let db: TestDatabase;
let today: string;
const ids = {
  ownerDevice: '',
  pairedDevice: '',
  strangerDevice: '',
  spareUser: '',
  owner: '',
  stranger: '',
  bare: '',
  strangerTeam: '',
};

beforeAll(async () => {
  db = await createTestDatabase();
  const c = db.client;
  today = await serverToday(c);
  await c.query('begin');
  ids.ownerDevice = await createDevice(c);
  ids.pairedDevice = await createDevice(c);
  ids.strangerDevice = await createDevice(c);
  ids.spareUser = await createDevice(c);
  const owner = await push(c, ids.ownerDevice, [{ day: today, xp: 20, cycles: 10, seconds: 200 }], today);
  ids.owner = owner.player_id;
  await push(c, ids.pairedDevice, [{ day: addDays(today, -1), xp: 8, cycles: 4, seconds: 80 }], today);
  const code = await rpc<{ code: string }>(c, device(ids.ownerDevice), 'create_pairing_code');
  await rpc(c, device(ids.pairedDevice), 'redeem_pairing_code', { code: code.code });
  await rpc(c, device(ids.ownerDevice), 'create_pairing_code');
  const team = await rpc<{ id: string }>(c, device(ids.ownerDevice), 'create_team', { name: 'Owners' });
  await rpc(c, device(ids.ownerDevice), 'set_team_goal', {
    team_id: team.id,
    metric: 'minutes',
    target: 30,
    ends_on: addDays(today, 7),
  });
  const stranger = await push(c, ids.strangerDevice, [{ day: today, xp: 9, cycles: 3, seconds: 90 }], today);
  ids.stranger = stranger.player_id;
  await rpc(c, device(ids.strangerDevice), 'create_pairing_code');
  ids.strangerTeam = (
    await rpc<{ id: string }>(c, device(ids.strangerDevice), 'create_team', { name: 'Strangers' })
  ).id;
  ids.bare = (
    await c.query<{ id: string }>(
      `insert into public.players (handle) values ('Bare Player 1000') returning id`,
    )
  ).rows[0]?.id as string;
  await c.query('commit');
});
afterAll(() => db.close());

interface TableCase {
  table: string;
  key: string;
  /** Rows belonging to player $1. */
  owned: string;
  insert: () => string;
  update: string;
}

const teamOf = `team_id in (select m.team_id from public.team_members m where m.player_id = $1)`;
const tables: TableCase[] = [
  {
    table: 'players',
    key: 'id::text',
    owned: 'id = $1',
    insert: () => `insert into public.players (handle) values ('Matrix Otter 1234')`,
    update: 'update public.players set show_on_leaderboard = false',
  },
  {
    table: 'player_devices',
    key: 'user_id::text',
    owned: 'player_id = $1',
    insert: () =>
      `insert into public.player_devices (user_id, player_id) values ('${ids.spareUser}', '${ids.owner}')`,
    update: `update public.player_devices set kind = 'web'`,
  },
  {
    table: 'daily_progress',
    key: `device_id::text || ' ' || day::text`,
    owned: 'player_id = $1',
    insert: () =>
      `insert into public.daily_progress (device_id, player_id, day, xp, cycles, seconds)
       values ('${ids.ownerDevice}', '${ids.owner}', '${addDays(today, -3)}', 1, 1, 60)`,
    update: 'update public.daily_progress set xp = xp + 1',
  },
  {
    table: 'player_stats',
    key: 'player_id::text',
    owned: 'player_id = $1',
    insert: () =>
      `insert into public.player_stats (player_id, handle, show_on_leaderboard, as_of_day, week_start)
       values ('${ids.bare}', 'Bare Player 1000', true, '${today}', '${today}')`,
    update: 'update public.player_stats set total_xp = total_xp + 1000',
  },
  {
    table: 'pairing_codes',
    key: 'code',
    owned: 'player_id = $1',
    insert: () => `insert into public.pairing_codes (code, player_id) values ('ABCDEFGH', '${ids.owner}')`,
    update: `update public.pairing_codes set expires_at = now() + interval '1 year'`,
  },
  {
    table: 'teams',
    key: 'id::text',
    owned: `id in (select m.team_id from public.team_members m where m.player_id = $1)`,
    insert: () => `insert into public.teams (name, join_code) values ('Intruders', 'HJKMNPQR')`,
    update: `update public.teams set name = 'Renamed'`,
  },
  {
    table: 'team_members',
    key: `team_id::text || ' ' || player_id::text`,
    owned: teamOf,
    insert: () =>
      `insert into public.team_members (team_id, player_id) values ('${ids.strangerTeam}', '${ids.owner}')`,
    update: 'update public.team_members set joined_at = now()',
  },
  {
    table: 'team_goals',
    key: 'team_id::text',
    owned: teamOf,
    insert: () =>
      `insert into public.team_goals (team_id, metric, target, starts_on, ends_on)
       values ('${ids.strangerTeam}', 'cycles', 10, '${today}', '${today}')`,
    update: 'update public.team_goals set target = 1',
  },
];

async function keysAs(persona: Persona, t: TableCase): Promise<string[]> {
  const rows = await queryAs<{ k: string }>(
    db.client,
    persona,
    `select ${t.key} as k from public.${t.table} order by 1`,
  );
  return rows.map((r) => r.k);
}

async function ownedKeys(t: TableCase, player: string): Promise<string[]> {
  const rows = await db.client.query<{ k: string }>(
    `select ${t.key} as k from public.${t.table} where ${t.owned} order by 1`,
    [player],
  );
  return rows.rows.map((r) => r.k);
}

async function fingerprint(table: string): Promise<string> {
  await become(db.client, superuser);
  const rows = await db.client.query<{ f: string }>(
    `select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from public.${table} t`,
  );
  return rows.rows[0]?.f ?? '';
}

describe.each(tables)('$table', (t) => {
  it("select: anon is refused; each device sees exactly its player's rows; service_role sees all", () =>
    inTransaction(db.client, async () => {
      await expectError(db.client, () => keysAs(anon, t), { code: '42501' });
      const ownerRows = await ownedKeys(t, ids.owner);
      expect(ownerRows.length).toBeGreaterThan(0);
      expect(await keysAs(device(ids.ownerDevice), t)).toEqual(ownerRows);
      expect(await keysAs(device(ids.pairedDevice), t)).toEqual(ownerRows);
      const strangerRows = await ownedKeys(t, ids.stranger);
      expect(await keysAs(device(ids.strangerDevice), t)).toEqual(strangerRows);
      expect(strangerRows.some((k) => ownerRows.includes(k))).toBe(false);
      const all = await db.client.query(`select count(*)::int as n from public.${t.table}`);
      expect((await keysAs(serviceRole, t)).length).toBe(all.rows[0]?.n);
    }));

  const writes: [string, () => string][] = [
    ['insert', t.insert],
    ['update', () => t.update],
    ['delete', () => `delete from public.${t.table}`],
  ];
  it.each(writes)(
    '%s: refused for anon and every device, changing nothing; allowed for service_role',
    (_op, sql) =>
      inTransaction(db.client, async () => {
        const before = await fingerprint(t.table);
        for (const persona of [
          anon,
          device(ids.ownerDevice),
          device(ids.pairedDevice),
          device(ids.strangerDevice),
        ]) {
          await expectError(db.client, () => queryAs(db.client, persona, sql()), { code: '42501' });
          expect(await fingerprint(t.table)).toBe(before);
        }
        await become(db.client, serviceRole);
        const result = await db.client.query(sql());
        expect(result.rowCount).toBeGreaterThan(0);
        expect(await fingerprint(t.table)).not.toBe(before);
      }),
  );
});

describe('co-members', () => {
  it("see each other in the team but none of each other's progress", () =>
    inTransaction(db.client, async () => {
      const team = await db.client.query<{ join_code: string }>(
        `select t.join_code from public.teams t join public.team_members m on m.team_id = t.id where m.player_id = $1`,
        [ids.owner],
      );
      await rpc(db.client, device(ids.strangerDevice), 'join_team', { code: team.rows[0]?.join_code });
      const members = await queryAs(
        db.client,
        device(ids.strangerDevice),
        'select player_id from public.team_members',
      );
      expect(members.map((m) => m.player_id)).toContain(ids.owner);
      const progress = await queryAs(
        db.client,
        device(ids.strangerDevice),
        'select * from public.daily_progress where player_id = $1',
        [ids.owner],
      );
      expect(progress).toEqual([]);
      const stats = await queryAs(
        db.client,
        device(ids.strangerDevice),
        'select * from public.player_stats where player_id = $1',
        [ids.owner],
      );
      expect(stats).toEqual([]);
    }));
});

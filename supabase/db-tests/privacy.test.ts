import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  createDevice,
  createTestDatabase,
  device,
  expectError,
  inTransaction,
  push,
  queryAs,
  rpc,
  serverToday,
  type TestDatabase,
} from './support/database.ts';

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

async function pairedPlayer() {
  const a = await createDevice(db.client);
  const stats = await push(db.client, a, [{ day: today, xp: 20, cycles: 10, seconds: 200 }], today);
  const b = await createDevice(db.client);
  const { code } = await rpc<{ code: string }>(db.client, device(a), 'create_pairing_code');
  await rpc(db.client, device(b), 'redeem_pairing_code', { code });
  await push(db.client, b, [{ day: addDays(today, -1), xp: 8, cycles: 4, seconds: 80 }], today);
  return { a, b, player: stats.player_id };
}

describe('export_my_data', () => {
  it("returns everything the server holds about the caller's player and nothing of others", () =>
    inTransaction(db.client, async () => {
      const { a, b, player } = await pairedPlayer();
      const stranger = await createDevice(db.client);
      await push(db.client, stranger, [{ day: today, xp: 4, cycles: 1, seconds: 60 }], today);
      await rpc(db.client, device(a), 'create_team', { name: 'Exporters' });
      await rpc(db.client, device(a), 'create_pairing_code');
      const data = await rpc<Record<string, unknown>>(db.client, device(b), 'export_my_data');
      expect(Object.keys(data).sort()).toEqual([
        'achievements',
        'daily_progress',
        'devices',
        'exported_at',
        'pairing_codes',
        'player',
        'stats',
        'teams',
      ]);
      expect(data.player).toMatchObject({ id: player, show_on_leaderboard: true });
      expect(data.stats).toMatchObject({ total_xp: 28, device_count: 2 });
      expect((data.devices as { user_id: string }[]).map((d) => d.user_id).sort()).toEqual([a, b].sort());
      expect((data.daily_progress as { device_id: string }[]).map((d) => d.device_id).sort()).toEqual(
        [a, b].sort(),
      );
      expect(data.pairing_codes).toHaveLength(1);
      expect(data.teams).toMatchObject([{ name: 'Exporters', created_by_me: true }]);
      expect(JSON.stringify(data)).not.toContain(stranger);
    }));
});

describe('delete_my_data', () => {
  it('erases the player, its rows and the anonymous auth users of all its devices, leaving others alone', () =>
    inTransaction(db.client, async () => {
      const { a, b, player } = await pairedPlayer();
      const stranger = await createDevice(db.client);
      await push(db.client, stranger, [{ day: today, xp: 4, cycles: 1, seconds: 60 }], today);
      const team = await rpc<{ id: string; join_code: string }>(db.client, device(a), 'create_team', {
        name: 'Solo',
      });
      const shared = await rpc<{ id: string; join_code: string }>(
        db.client,
        device(stranger),
        'create_team',
        {
          name: 'Shared',
        },
      );
      await rpc(db.client, device(a), 'join_team', { code: shared.join_code });
      await rpc(db.client, device(a), 'delete_my_data');
      const left = await db.client.query(
        `select (select count(*) from auth.users where id in ($1, $2))::int as users,
                (select count(*) from public.players where id = $3)::int as players,
                (select count(*) from public.player_devices where player_id = $3)::int as devices,
                (select count(*) from public.daily_progress where player_id = $3)::int as days,
                (select count(*) from public.player_stats where player_id = $3)::int as stats,
                (select count(*) from public.team_members where player_id = $3)::int as memberships,
                (select count(*) from public.teams where id = $4)::int as solo_team,
                (select count(*) from public.teams where id = $5)::int as shared_team,
                (select count(*) from auth.users where id = $6)::int as stranger`,
        [a, b, player, team.id, shared.id, stranger],
      );
      expect(left.rows[0]).toEqual({
        users: 0,
        players: 0,
        devices: 0,
        days: 0,
        stats: 0,
        memberships: 0,
        solo_team: 0,
        shared_team: 1,
        stranger: 1,
      });
    }));

  it('keeps auth users that are not anonymous (their device rows still go)', () =>
    inTransaction(db.client, async () => {
      const { a, b } = await pairedPlayer();
      await db.client.query('update auth.users set is_anonymous = false where id = $1', [b]);
      await rpc(db.client, device(a), 'delete_my_data');
      const users = await db.client.query('select id from auth.users where id in ($1, $2)', [a, b]);
      expect(users.rows).toEqual([{ id: b }]);
      const devices = await db.client.query('select 1 from public.player_devices where user_id = $1', [b]);
      expect(devices.rowCount).toBe(0);
    }));

  it('removes a device that never synced', () =>
    inTransaction(db.client, async () => {
      const fresh = await createDevice(db.client);
      await rpc(db.client, device(fresh), 'delete_my_data');
      const users = await db.client.query('select 1 from auth.users where id = $1', [fresh]);
      expect(users.rowCount).toBe(0);
    }));

  it('is not callable by anon', () =>
    inTransaction(db.client, async () => {
      await expectError(
        db.client,
        () => queryAs(db.client, { role: 'anon' }, 'select public.delete_my_data()'),
        {
          code: '42501',
        },
      );
    }));
});

async function lastWeek(): Promise<string> {
  const r = await db.client.query<{ w: string }>(`select (private.current_week() - 7)::text as w`);
  return r.rows[0]?.w ?? '';
}

describe('private.cleanup_abandoned_users', () => {
  it('removes anonymous users older than 30 days without progress, and nothing else', () =>
    inTransaction(db.client, async () => {
      const oldEmpty = await createDevice(db.client);
      const oldRegisteredEmpty = await createDevice(db.client);
      await push(db.client, oldRegisteredEmpty, [], today);
      const oldActive = await createDevice(db.client);
      await push(db.client, oldActive, [{ day: today, xp: 4, cycles: 1, seconds: 60 }], today);
      const recentEmpty = await createDevice(db.client);
      const oldEmail = await createDevice(db.client);
      await db.client.query('update auth.users set is_anonymous = false where id = $1', [oldEmail]);
      await db.client.query(`update auth.users set created_at = now() - interval '31 days' where id <> $1`, [
        recentEmpty,
      ]);
      await db.client.query(`update public.players set created_at = now() - interval '31 days'`);
      const expired = await rpc<{ code: string }>(db.client, device(oldActive), 'create_pairing_code');
      await db.client.query(
        `update public.pairing_codes set expires_at = now() - interval '1 minute' where code = $1`,
        [expired.code],
      );
      // Histograms of the week before last are dropped; last week's stays for late readers.
      await db.client.query(`
        insert into private.leaderboard_buckets (board, bucket, players)
        values (private.weekly_board(private.current_week() - 14), 3, 1), (private.weekly_board(private.current_week() - 7), 3, 1)`);
      const report = await db.client.query('select private.cleanup_abandoned_users() as r');
      expect(report.rows[0]?.r).toEqual({
        users_removed: 2,
        players_removed: 1,
        codes_removed: 1,
        bucket_rows_removed: 1,
      });
      const boards = await db.client.query(
        `select board from private.leaderboard_buckets where board like 'weekly:%' order by board`,
      );
      expect(boards.rows.map((r) => r.board)).toContain(`weekly:${await lastWeek()}`);
      const users = await db.client.query<{ id: string }>('select id from auth.users where id = any($1)', [
        [oldEmpty, oldRegisteredEmpty, oldActive, recentEmpty, oldEmail],
      ]);
      expect(users.rows.map((r) => r.id).sort()).toEqual([oldActive, recentEmpty, oldEmail].sort());
    }));

  it('can be run by no client role', () =>
    inTransaction(db.client, async () => {
      for (const role of ['anon', 'authenticated', 'service_role']) {
        const r = await db.client.query(
          `select has_function_privilege($1, 'private.cleanup_abandoned_users(interval)', 'execute') as ok`,
          [role],
        );
        expect(r.rows[0]?.ok).toBe(false);
      }
    }));
});

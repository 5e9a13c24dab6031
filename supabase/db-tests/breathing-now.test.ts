import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  anon,
  createDevice,
  createTestDatabase,
  device,
  expectError,
  inTransaction,
  rpc,
  serverToday,
  serviceRole,
  type TestDatabase,
} from './support/database.ts';

// set_breathing and the breathing_now tile (docs/live-boards.md "RPCs"): one row per device, 90 s per call,
// gone at once on false, expired rows deleted by the flush.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.close());

async function breathingNow(): Promise<number> {
  return (await rpc<{ breathing_now: number }>(db.client, anon, 'get_global_stats')).breathing_now;
}

describe('set_breathing', () => {
  it('counts each device once for 90 s, and stops counting it at once on false', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      const b = await createDevice(db.client);
      expect(await breathingNow()).toBe(0);
      // A device that never synced may breathe on the web before its first push.
      // void: PostgREST answers 204; pg returns a void value as ''.
      expect(await rpc(db.client, device(a), 'set_breathing', { active: true })).toBe('');
      await rpc(db.client, device(a), 'set_breathing', { active: true });
      await rpc(db.client, device(b), 'set_breathing', { active: true });
      expect(await breathingNow()).toBe(2);
      const rows = await db.client.query<{ user_id: string; seconds: number }>(
        `select user_id, extract(epoch from until - now())::int as seconds from private.breathing_devices order by user_id`,
      );
      expect(rows.rows).toEqual([a, b].sort().map((user_id) => ({ user_id, seconds: 90 })));
      await rpc(db.client, device(b), 'set_breathing', { active: false });
      await rpc(db.client, device(b), 'set_breathing', { active: false });
      expect(await breathingNow()).toBe(1);
    }));

  it('stops counting a device 90 s after its last call, and the flush deletes its row', () =>
    inTransaction(db.client, async () => {
      const a = await createDevice(db.client);
      const b = await createDevice(db.client);
      await rpc(db.client, device(a), 'set_breathing', { active: true });
      await rpc(db.client, device(b), 'set_breathing', { active: true });
      await db.client.query(
        `update private.breathing_devices set until = now() - interval '1 second' where user_id = $1`,
        [a],
      );
      expect(await breathingNow()).toBe(1);
      await db.client.query('select private.flush_live_boards()');
      const left = await db.client.query('select user_id from private.breathing_devices');
      expect(left.rows).toEqual([{ user_id: b }]);
      const board = await db.client.query(
        `select payload -> 'stats' ->> 'breathing_now' as n from realtime.messages where event = 'board'`,
      );
      expect(board.rows).toEqual([{ n: '1' }]);
    }));

  it('refuses callers without a device, with the contract codes', () =>
    inTransaction(db.client, async () => {
      await expectError(db.client, () => rpc(db.client, serviceRole, 'set_breathing', { active: true }), {
        code: 'PT401',
        message: 'not_authenticated',
      });
      await expectError(db.client, () => rpc(db.client, anon, 'set_breathing', { active: true }), {
        code: '42501',
      });
      // A token whose auth user was deleted.
      const gone = await createDevice(db.client);
      await db.client.query('delete from auth.users where id = $1', [gone]);
      await expectError(db.client, () => rpc(db.client, device(gone), 'set_breathing', { active: true }), {
        code: 'PT401',
        message: 'not_authenticated',
      });
      const a = await createDevice(db.client);
      await expectError(db.client, () => rpc(db.client, device(a), 'set_breathing', { active: null }), {
        code: 'PT400',
        message: 'invalid_payload',
      });
      expect(await breathingNow()).toBe(0);
    }));

  it('is never linked to a player or exported', () =>
    inTransaction(db.client, async () => {
      const columns = await db.client.query(
        `select column_name from information_schema.columns
         where table_schema = 'private' and table_name = 'breathing_devices' order by ordinal_position`,
      );
      expect(columns.rows.map((c) => c.column_name)).toEqual(['user_id', 'until']);
      const kind = await db.client.query(
        `select relpersistence from pg_class where oid = 'private.breathing_devices'::regclass`,
      );
      expect(kind.rows[0].relpersistence).toBe('u');
      const a = await createDevice(db.client);
      await rpc(db.client, device(a), 'set_breathing', { active: true });
      await rpc(db.client, device(a), 'sync_progress', {
        days: '[]',
        today: await serverToday(db.client),
      });
      const exported = await rpc(db.client, device(a), 'export_my_data');
      expect(JSON.stringify(exported)).not.toContain('breathing');
    }));
});

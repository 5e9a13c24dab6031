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
  type TestDatabase,
} from './support/database.ts';

// api_version() and the client floor: a request naming a Breath Master client older than min_client_version
// is refused with client_outdated (PT426) by every call that needs a device; one naming none is served.

let db: TestDatabase;
let today: string;
beforeAll(async () => {
  db = await createTestDatabase();
  today = await serverToday(db.client);
});
afterAll(() => db.close());

/** Sets request.headers for the rest of the transaction, as PostgREST and the gateway do for a request. */
async function sendHeaders(headers: Record<string, string>): Promise<void> {
  await db.client.query(`select set_config('request.headers', $1, true)`, [JSON.stringify(headers)]);
}

const push = (id: string) =>
  rpc(db.client, device(id), 'sync_progress', {
    days: JSON.stringify([{ day: today, xp: 10, cycles: 2, seconds: 60 }]),
    today,
  });

describe('api_version()', () => {
  it('answers anyone with the API version and the oldest client served', async () => {
    await inTransaction(db.client, async () => {
      const version = await rpc<{ api_version: string; min_client_version: string }>(
        db.client,
        anon,
        'api_version',
      );
      expect(version.api_version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(version.min_client_version).toMatch(/^\d+\.\d+\.\d+$/);
    });
  });
});

describe('the client floor', () => {
  it('refuses a client older than min_client_version with client_outdated and the minimum as hint', async () => {
    await inTransaction(db.client, async () => {
      const id = await createDevice(db.client);
      await sendHeaders({ 'x-client-info': 'breath-master-sync/0.0.9' });
      await expectError(db.client, () => push(id), { code: 'PT426', message: 'client_outdated' });
      for (const fn of ['get_my_progress', 'create_pairing_code', 'regenerate_handle'])
        await expectError(db.client, () => rpc(db.client, device(id), fn), {
          code: 'PT426',
          message: 'client_outdated',
        });
      await expectError(db.client, () => rpc(db.client, device(id), 'set_breathing', { active: true }), {
        code: 'PT426',
        message: 'client_outdated',
      });
      const hint = await db.client.query('savepoint s; select private.require_current_client()').then(
        () => null,
        (e: { hint?: string }) => e.hint,
      );
      await db.client.query('rollback to savepoint s');
      expect(hint).toBe('0.1.0');
    });
  });

  it('serves the current client, a newer one, and a request that names no Breath Master client', async () => {
    await inTransaction(db.client, async () => {
      const headers: Record<string, string>[] = [
        { 'x-client-info': 'breath-master-sync/0.1.0' },
        { 'x-client-info': 'breath-master-sync/12.0.0-beta.1' },
        { 'x-client-info': 'supabase-js-node/2.95.3' },
        {},
      ];
      for (const header of headers) {
        await sendHeaders(header);
        const id = await createDevice(db.client);
        const stats = await push(id);
        expect(stats).toMatchObject({ total_xp: 10 });
      }
    });
  });

  it('never withholds export or erasure: an outdated client can still take or delete its data', async () => {
    await inTransaction(db.client, async () => {
      const id = await createDevice(db.client);
      await push(id);
      await sendHeaders({ 'x-client-info': 'breath-master-sync/0.0.9' });
      // As hosted PostgREST names the path, and as the local gateway does (with its /rest/v1 prefix).
      await db.client.query(`select set_config('request.path', '/rpc/export_my_data', true)`);
      const exported = await rpc<{ player: { id: string } }>(db.client, device(id), 'export_my_data');
      expect(exported.player.id).toBeTruthy();
      await db.client.query(`select set_config('request.path', '/rest/v1/rpc/delete_my_data', true)`);
      await rpc(db.client, device(id), 'delete_my_data');
      const left = await db.client.query('select 1 from auth.users where id = $1', [id]);
      expect(left.rowCount).toBe(0);
      // Any other call on the same request path rules is still refused.
      const other = await createDevice(db.client);
      await db.client.query(`select set_config('request.path', '/rpc/get_my_progress', true)`);
      await expectError(db.client, () => rpc(db.client, device(other), 'get_my_progress'), {
        code: 'PT426',
        message: 'client_outdated',
      });
    });
  });

  it('leaves the public boards alone: an outdated client still reads them', async () => {
    await inTransaction(db.client, async () => {
      await sendHeaders({ 'x-client-info': 'breath-master-sync/0.0.1' });
      await expect(rpc(db.client, anon, 'get_live_board')).resolves.toBeTruthy();
      await expect(rpc(db.client, anon, 'get_global_stats')).resolves.toBeTruthy();
    });
  });

  it('compares versions numerically, not as text', async () => {
    const rows = await db.client.query<{ older: boolean }>(
      `select private.version_parts('0.9.0') < private.version_parts('0.10.0') as older`,
    );
    expect(rows.rows[0]?.older).toBe(true);
  });
});

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestCluster } from './cluster.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { asPersona, createAuthUser, inRolledBackTransaction, personaClaims, setPersona } from './personas.ts';

// The harness other packages build their database tests on: fresh isolated copies of the migrated
// template, the authenticator login, and personas that behave like PostgREST requests.

const opened: TestDatabase[] = [];
afterAll(async () => {
  for (const db of opened) await db.drop();
});

async function fresh(seed = false): Promise<TestDatabase> {
  const db = await createTestDatabase({ seed });
  opened.push(db);
  return db;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('gives each caller its own migrated database', async () => {
    const [a, b] = await Promise.all([fresh(), fresh()]);
    expect(a?.name).not.toBe(b?.name);
    const migrations = await withClient(a.connectionString, async (c) => {
      const { id } = await createAuthUser(c);
      await c.query('insert into public.players (id, handle) values (gen_random_uuid(), $1)', [
        'Calm Otter 1',
      ]);
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      return (await c.query('select count(*)::int as n from supabase_migrations.schema_migrations')).rows[0]
        .n;
    });
    expect(migrations).toBeGreaterThan(0);
    const other = await withClient(
      b.connectionString,
      async (c) =>
        (
          await c.query(
            'select (select count(*)::int from public.players) as players, (select count(*)::int from auth.users) as users',
          )
        ).rows[0],
    );
    expect(other).toEqual({ players: 0, users: 0 });
  });

  it('opens the same database as authenticator, which must switch role to read anything', async () => {
    const db = await fresh();
    await withClient(db.authenticatorConnectionString, async (c) => {
      expect((await c.query('select current_user, current_database() as db')).rows[0]).toEqual({
        current_user: 'authenticator',
        db: db.name,
      });
      await expect(c.query('select * from public.players')).rejects.toThrow(/permission denied/);
    });
  });

  it('drop() removes the database even with a connection still open', async () => {
    const db = await createTestDatabase();
    const client = new pg.Client({ connectionString: db.connectionString });
    client.on('error', () => {});
    await client.connect();
    await db.drop();
    await expect(withClient(db.connectionString, async () => {})).rejects.toThrow(/does not exist/);
    await client.end().catch(() => {});
  });

  it('seed: true starts from supabase/seed.sql', async () => {
    const db = await fresh(true);
    const players = await withClient(
      db.connectionString,
      async (c) => (await c.query('select count(*)::int as n from public.players')).rows[0].n,
    );
    expect(players).toBeGreaterThan(0);
  });
});

describe('startTestCluster', () => {
  it('builds a seeded template beside the migrated one when asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devstack-cluster-'));
    await mkdir(join(dir, 'migrations'));
    await writeFile(
      join(dir, 'migrations', '20300101000000_notes.sql'),
      'create table public.notes (body text);',
    );
    await writeFile(join(dir, 'seed.sql'), "insert into public.notes values ('seeded');");
    const cluster = await startTestCluster({
      migrationsDir: join(dir, 'migrations'),
      seed: true,
      seedFile: join(dir, 'seed.sql'),
    });
    try {
      expect(cluster.info.seededTemplate).not.toBeNull();
      const plain = await createTestDatabase({ cluster: cluster.info });
      const seeded = await createTestDatabase({ cluster: cluster.info, seed: true });
      const count = (db: TestDatabase) =>
        withClient(
          db.connectionString,
          async (c) => (await c.query('select count(*)::int as n from public.notes')).rows[0].n,
        );
      expect([await count(plain), await count(seeded)]).toEqual([0, 1]);
      await plain.drop();
      await seeded.drop();
    } finally {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('personas', () => {
  it('run as PostgREST would: role, claims, auth.uid() and is_anonymous', async () => {
    const db = await fresh();
    await withClient(db.connectionString, async (c) => {
      const device = await createAuthUser(c);
      const registered = await createAuthUser(c, { isAnonymous: false });
      const seen = async (persona: Parameters<typeof asPersona>[1]) =>
        asPersona(
          c,
          persona,
          async (tx) =>
            (
              await tx.query(
                `select current_user as role, auth.uid() as uid, auth.jwt() ->> 'is_anonymous' as anonymous,
                      current_setting('request.jwt.claims', true)::jsonb ->> 'aud' as aud`,
              )
            ).rows[0],
        );
      expect(await seen({ userId: device.id })).toEqual({
        role: 'authenticated',
        uid: device.id,
        anonymous: 'true',
        aud: 'authenticated',
      });
      expect(await seen({ userId: registered.id, isAnonymous: false })).toMatchObject({ anonymous: 'false' });
      expect(await seen('anon')).toEqual({ role: 'anon', uid: null, anonymous: null, aud: null });
      expect(await seen('service_role')).toMatchObject({ role: 'service_role', uid: null });
      expect(await seen({ userId: device.id, claims: { role: 'anon' } })).toMatchObject({
        role: 'anon',
        uid: device.id,
      });
    });
  });

  it('enforce the migrations’ privileges: anon cannot call a device RPC', async () => {
    const db = await fresh();
    await withClient(db.connectionString, async (c) => {
      await expect(
        asPersona(c, 'anon', (tx) => tx.query(`select public.get_my_progress(30)`)),
      ).rejects.toMatchObject({ code: '42501' });
      // The failed persona transaction was rolled back: the connection is usable and back to postgres.
      expect((await c.query('select current_user')).rows[0].current_user).toBe('postgres');
    });
  });

  it('switch midway through one rolled-back transaction, and back to the superuser', async () => {
    const db = await fresh();
    await withClient(db.connectionString, async (c) => {
      const device = await createAuthUser(c);
      const seen = await inRolledBackTransaction(c, async () => {
        await c.query(
          `insert into realtime.messages (topic, extension, event) values ('t', 'broadcast', 'e')`,
        );
        await setPersona(c, { userId: device.id });
        const asDevice = (await c.query('select current_user as who, auth.uid() as uid')).rows[0];
        await setPersona(c, 'postgres');
        const back = (await c.query('select current_user as who, auth.uid() as uid')).rows[0];
        const rows = (await c.query('select count(*)::int as n from realtime.messages')).rows[0].n;
        return { asDevice, back, rows };
      });
      expect(seen).toEqual({
        asDevice: { who: 'authenticated', uid: device.id },
        back: { who: 'postgres', uid: null },
        rows: 1,
      });
      expect((await c.query('select count(*)::int as n from realtime.messages')).rows[0].n).toBe(0);
    });
  });

  it('claims for the API keys match the local anon and service_role keys', async () => {
    const { LOCAL_ANON_KEY, LOCAL_SERVICE_ROLE_KEY } = await import('../keys.ts');
    const payload = (key: string) => JSON.parse(Buffer.from(key.split('.')[1] ?? '', 'base64url').toString());
    expect(personaClaims('anon').claims).toEqual(payload(LOCAL_ANON_KEY));
    expect(personaClaims('service_role').claims).toEqual(payload(LOCAL_SERVICE_ROLE_KEY));
  });
});

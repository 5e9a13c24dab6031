import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl } from '../testing/cluster.ts';
import { createTestDatabase, type TestDatabase } from '../testing/database.ts';
import { asPersona, createAuthUser } from '../testing/personas.ts';
import { authenticatorUrl, bootstrap, bootstrapFiles } from './bootstrap.ts';
import { startPostgres } from './postgres.ts';

// The bootstrap against real PostgreSQL: what it creates, that a second run changes nothing, and the
// behaviours migrations and the realtime server rely on.

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.connectionString });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** Everything the bootstrap defines, as text, to compare before and after a second run. */
async function catalogSnapshot(c: pg.Client): Promise<string> {
  const { rows } = await c.query(`
    select 'role ' || rolname || ' ' || rolcanlogin || rolinherit || rolbypassrls as item
      from pg_roles where rolname in ('anon', 'authenticated', 'service_role', 'authenticator')
    union all select 'member ' || r.rolname || ' in ' || g.rolname
      from pg_auth_members m join pg_roles r on r.oid = m.member join pg_roles g on g.oid = m.roleid
     where r.rolname = 'authenticator'
    union all select 'column ' || table_schema || '.' || table_name || '.' || column_name || ' ' || data_type
      || ' ' || coalesce(column_default, '')
      from information_schema.columns where table_schema in ('auth', 'realtime', 'supabase_migrations')
    union all select 'function ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc) || ' ' || coalesce(p.proacl::text, '')
      from pg_proc p where p.pronamespace in ('auth'::regnamespace, 'realtime'::regnamespace)
    union all select 'acl ' || c.oid::regclass::text || ' ' || coalesce(c.relacl::text, '') || ' ' || c.relrowsecurity
      from pg_class c where c.relnamespace in ('auth'::regnamespace, 'realtime'::regnamespace)
    union all select 'trigger ' || tgname || ' ' || tgrelid::regclass::text from pg_trigger where not tgisinternal
      and tgrelid = 'realtime.messages'::regclass
    union all select 'schema ' || nspname || ' ' || coalesce(nspacl::text, '') from pg_namespace
     where nspname in ('public', 'auth', 'realtime', 'extensions', 'supabase_migrations')
    union all select 'default ' || defaclobjtype::text || ' ' || defaclacl::text from pg_default_acl
    union all select 'publication ' || pubname from pg_publication
    union all select 'extension ' || extname || ' ' || extnamespace::regnamespace::text from pg_extension
    order by 1`);
  return rows.map((r) => r.item).join('\n');
}

describe('bootstrap', () => {
  it('is idempotent: a second run on a bootstrapped database changes nothing', async () => {
    const before = await catalogSnapshot(client);
    expect(before).toContain('role authenticator truefalsefalse');
    expect(before).toContain('role service_role falsefalsetrue');
    expect(before).toContain('member authenticator in anon');
    expect(before).toContain('extension pgcrypto extensions');
    expect(before).toContain('publication supabase_realtime');
    expect(before).toContain('trigger devstack_notify_message realtime.messages');
    await bootstrap(db.connectionString);
    expect(await catalogSnapshot(client)).toBe(before);
  });

  it('bootstraps an empty database of a cluster that already has the roles, twice without change', async () => {
    const name = `${db.name}_empty`;
    await client.query(`create database ${name} template template0`);
    const url = databaseUrl(db.connectionString, name);
    const other = new pg.Client({ connectionString: url });
    try {
      await bootstrap(url);
      await other.connect();
      const first = await catalogSnapshot(other);
      expect(first).toContain(
        'default r {anon=arwdDxtm/postgres,authenticated=arwdDxtm/postgres,service_role=arwdDxtm/postgres}',
      );
      expect(first).toContain('column auth.users.is_anonymous boolean false');
      await bootstrap(url);
      expect(await catalogSnapshot(other)).toBe(first);
    } finally {
      await other.end();
      await client.query(`drop database ${name} with (force)`);
    }
  });

  it('applies a bootstrap file the database has not recorded yet, and only that one', async () => {
    await client.query('drop publication supabase_realtime');
    await client.query(`delete from devstack.bootstrap_files where name = '070_publication.sql'`);
    const before = await catalogSnapshot(client);
    await bootstrap(db.connectionString);
    const after = await catalogSnapshot(client);
    expect(after.split('\n').filter((line) => !before.includes(line))).toEqual([
      'publication supabase_realtime',
    ]);
  });

  it('adopts a database whose auth schema came from elsewhere (Supabase image) without touching it', async () => {
    const name = `${db.name}_supabase`;
    await client.query(`create database ${name} template template0`);
    const url = databaseUrl(db.connectionString, name);
    const other = new pg.Client({ connectionString: url });
    try {
      await other.connect();
      await other.query('create schema auth; create table auth.users (id uuid primary key)');
      const lines: string[] = [];
      await bootstrap(url, { log: (line) => lines.push(line) });
      expect(lines).toEqual(['found Supabase roles and schemas in place: recorded the bootstrap as applied']);
      const state = await other.query(
        `select to_regclass('realtime.messages') as messages,
                (select count(*)::int from devstack.bootstrap_files) as recorded,
                (select count(*)::int from information_schema.columns where table_schema = 'auth' and table_name = 'users') as columns`,
      );
      expect(state.rows[0]).toEqual({
        messages: null,
        recorded: (await bootstrapFiles()).length,
        columns: 1,
      });
    } finally {
      await other.end();
      await client.query(`drop database ${name} with (force)`);
    }
  });

  it('lets authenticator log in with its password and become only the API roles', async () => {
    const auth = new pg.Client({ connectionString: authenticatorUrl(db.connectionString) });
    await auth.connect();
    try {
      for (const role of ['anon', 'authenticated', 'service_role']) {
        await auth.query(`set role ${role}`);
        expect((await auth.query('select current_user')).rows[0].current_user).toBe(role);
        await auth.query('reset role');
      }
      await expect(auth.query('set role postgres')).rejects.toThrow(/permission denied/);
      // noinherit: the login itself has none of the API roles' rights.
      await expect(auth.query('select * from realtime.messages')).rejects.toThrow(/permission denied/);
    } finally {
      await auth.end();
    }
  });
  it('keeps an authenticator password already set, unless asked to change it', async () => {
    // Roles belong to the whole server: a server of its own, so other files' logins are not disturbed.
    const server = await startPostgres({ databaseUrl: '' });
    const login = (password: string) =>
      withLogin(authenticatorUrl(server.connectionString, password)).then(
        () => 'ok',
        (error: Error) => error.message,
      );
    try {
      await bootstrap(server.connectionString);
      expect(await login('postgres')).toBe('ok');
      await withSuperuser(server.connectionString, `alter role authenticator password 'theirs'`);
      await bootstrap(server.connectionString);
      expect(await login('theirs')).toBe('ok');
      await bootstrap(server.connectionString, { authenticatorPassword: 'postgres' });
      expect(await login('postgres')).toBe('ok');
    } finally {
      await server.stop();
    }
  });
});

async function withSuperuser(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function withLogin(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.end();
}

describe('auth helpers under the persona harness', () => {
  it('auth.uid(), auth.role() and auth.jwt() read the claims PostgREST sets', async () => {
    const { id } = await createAuthUser(client);
    const row = await asPersona(client, { userId: id }, async (c) => {
      return (
        await c.query(
          `select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'is_anonymous' as anonymous,
                  current_user as who`,
        )
      ).rows[0];
    });
    expect(row).toEqual({ uid: id, role: 'authenticated', anonymous: 'true', who: 'authenticated' });
    const anon = await asPersona(
      client,
      'anon',
      async (c) => (await c.query('select auth.uid(), auth.role()')).rows[0],
    );
    expect(anon).toEqual({ uid: null, role: 'anon' });
  });

  it('auth.uid() also reads the older per-claim setting, and empty settings are no user', async () => {
    await client.query('begin');
    try {
      await client.query(
        `select set_config('request.jwt.claim.sub', '00000000-0000-4000-8000-000000000001', true)`,
      );
      expect((await client.query('select auth.uid() as uid')).rows[0].uid).toBe(
        '00000000-0000-4000-8000-000000000001',
      );
      await client.query(`select set_config('request.jwt.claim.sub', '', true)`);
      await client.query(
        `select set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-8000-000000000002"}', true)`,
      );
      expect((await client.query('select auth.uid() as uid')).rows[0].uid).toBe(
        '00000000-0000-4000-8000-000000000002',
      );
    } finally {
      await client.query('rollback');
    }
    // After a request's transaction the settings are defined but empty in the session: no user, no error.
    const row = (
      await client.query(
        `select current_setting('request.jwt.claims', true) as claims, auth.uid() as uid, auth.jwt() as jwt`,
      )
    ).rows[0];
    expect(row).toEqual({ claims: '', uid: null, jwt: null });
  });

  it('asPersona always rolls back, also when the body throws', async () => {
    const { id } = await createAuthUser(client);
    await expect(
      asPersona(client, 'service_role', async (c) => {
        await c.query('delete from realtime.messages');
        await c.query(
          `insert into realtime.messages (topic, extension, event) values ('t', 'broadcast', 'e')`,
        );
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect((await client.query('select count(*)::int as n from realtime.messages')).rows[0].n).toBe(0);
    expect((await client.query('select current_user')).rows[0].current_user).toBe('postgres');
    expect((await client.query('select 1 from auth.users where id = $1', [id])).rowCount).toBe(1);
  });
});

describe('realtime', () => {
  it('realtime.send inserts a broadcast row and announces it on devstack_realtime after commit', async () => {
    const listener = new pg.Client({ connectionString: db.connectionString });
    await listener.connect();
    const notes: string[] = [];
    listener.on('notification', (n) => notes.push(n.payload ?? ''));
    await listener.query('listen devstack_realtime');
    try {
      await client.query('begin');
      await client.query(`select realtime.send('{"xp": 12}', 'player_stats', 'leaderboard', false)`);
      await client.query(`select realtime.send('{}', 'team_goal', 'team:1')`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(notes).toEqual([]);
      await client.query('commit');
      await expect.poll(() => notes.length).toBe(2);
      const rows = (
        await client.query(
          'select id, topic, event, private, extension, payload from realtime.messages order by inserted_at, topic',
        )
      ).rows;
      const first = JSON.parse(notes[0] as string);
      expect(first).toEqual({
        id: first.id,
        topic: 'leaderboard',
        event: 'player_stats',
        private: false,
        payload: { xp: 12 },
      });
      expect(rows.find((r) => r.id === first.id)).toMatchObject({
        extension: 'broadcast',
        payload: { xp: 12 },
      });
      expect(JSON.parse(notes[1] as string)).toMatchObject({
        topic: 'team:1',
        event: 'team_goal',
        private: true,
      });
    } finally {
      await listener.end();
    }
  });

  it('announces a payload too big for NOTIFY as truncated, and the row holds it', async () => {
    const listener = new pg.Client({ connectionString: db.connectionString });
    await listener.connect();
    const notes: string[] = [];
    listener.on('notification', (n) => notes.push(n.payload ?? ''));
    await listener.query('listen devstack_realtime');
    try {
      await client.query(
        `select realtime.send(jsonb_build_object('text', repeat('x', 8000)), 'big', 'leaderboard', false)`,
      );
      await expect.poll(() => notes.length).toBe(1);
      const note = JSON.parse(notes[0] as string);
      expect(Object.keys(note).sort()).toEqual(['event', 'id', 'private', 'topic', 'truncated']);
      expect(note.truncated).toBe(true);
      const row = await client.query(
        `select length(payload ->> 'text') as n from realtime.messages where id = $1`,
        [note.id],
      );
      expect(row.rows[0].n).toBe(8000);
    } finally {
      await listener.end();
    }
  });

  it('a failing send warns with the reason and leaves the caller’s transaction usable', async () => {
    const warnings: string[] = [];
    const onNotice = (n: { severity?: string; message?: string }) =>
      warnings.push(`${n.severity}: ${n.message}`);
    client.on('notice', onNotice);
    try {
      await asPersona(client, 'anon', async (c) => {
        // No policy lets anon insert: RLS refuses the row.
        await c.query(`select realtime.send('{}', 'spoof', 'leaderboard', false)`);
        expect((await c.query('select 1 as ok')).rows[0].ok).toBe(1);
      });
    } finally {
      client.off('notice', onNotice);
    }
    expect(warnings).toEqual([
      expect.stringMatching(/^WARNING: ErrorSendingBroadcastMessage: new row violates row-level security/),
    ]);
  });

  it('realtime.topic() returns the topic Realtime sets for a policy check', async () => {
    await client.query('begin');
    try {
      expect((await client.query('select realtime.topic() as t')).rows[0].t).toBeNull();
      await client.query(`set local realtime.topic = 'team:42'`);
      expect((await client.query('select realtime.topic() as t')).rows[0].t).toBe('team:42');
    } finally {
      await client.query('rollback');
    }
  });
});

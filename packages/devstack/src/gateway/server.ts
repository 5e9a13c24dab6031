import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import pg from 'pg';
import { DEFAULT_API_PORT, LOCAL_ANON_KEY, LOCAL_JWT_SECRET, LOCAL_SERVICE_ROLE_KEY } from '../keys.ts';
import { createRequestLogger, type LogLine } from '../log.ts';
import { readBroadcastBody } from '../realtime/http-broadcast.ts';
import { createRealtime, type Realtime } from '../realtime/index.ts';
import type { RateWindow, RealtimeLimits } from '../realtime/limits.ts';
import { type ApiKeys, apiKeyProblem, callerClaims } from './api-key.ts';
import { createRateLimit } from './auth/rate-limit.ts';
import { type AuthContext, handleAuth } from './auth/routes.ts';
import { createAuthStore } from './auth/store.ts';
import { answerPreflight, applyCors } from './cors.ts';
import { sendJson } from './http.ts';
import { restErrors, sendRestError } from './rest/errors.ts';
import { handleRest, type RestContext } from './rest/handler.ts';
import { createSchemaCache } from './rest/schema-cache.ts';

// The local stack's API gateway: one HTTP server routing /auth/v1 (GoTrue), /rest/v1 (PostgREST) and
// /realtime/v1 (Realtime) the way Supabase's Kong does, with the API key check and CORS in front.

export interface GatewayOptions {
  /** Superuser connection: auth tables, the schema cache and realtime listeners. */
  databaseUrl: string;
  /** Connection as `authenticator`: every REST request and realtime authorisation. */
  authenticatorUrl: string;
  host?: string;
  /** Default 54321; 0 picks a free port. */
  port?: number;
  jwtSecret?: string;
  anonKey?: string;
  serviceRoleKey?: string;
  /** Access token lifetime in seconds. Default 3600. */
  accessTokenExpirySeconds?: number;
  /** Anonymous sign-ups per client IP and window. Default 30 per hour, as hosted Supabase. */
  signupRateLimit?: { max: number; windowMs: number };
  /** Default 10 s, as GoTrue. */
  refreshTokenReuseIntervalMs?: number;
  /** Authenticator connections. Default 10. */
  poolMax?: number;
  /** Schemas served by /rest/v1; the first is the default. Default ['public']. */
  schemas?: string[];
  /** PostgREST's db-max-rows (config.toml `[api] max_rows`). Default: no cap. */
  maxRows?: number;
  /** config.toml `[auth] enable_signup`. Default true. */
  enableSignup?: boolean;
  /** config.toml `[auth] enable_anonymous_sign_ins`. Default true. */
  enableAnonymousSignIns?: boolean;
  /** Supabase Realtime's project quotas to enforce. Default: the Pro plan's. */
  realtimeLimits?: RealtimeLimits;
  /** How realtime rates are averaged. Default Realtime's (5 s ticks, one minute). */
  realtimeRateWindow?: RateWindow;
  /** Serve /realtime/v1. Default true. */
  realtime?: boolean;
  quiet?: boolean;
  log?: LogLine;
}

export interface Gateway {
  /** http://host:port */
  url: string;
  port: number;
  /** The /realtime/v1 service (its stats(): connections, quotas, rates), or null when disabled. */
  realtime: Realtime | null;
  /** Re-reads functions and tables (after migrations), like NOTIFY pgrst, 'reload schema'. */
  reloadSchema(): Promise<void>;
  /** Stops accepting, lets in-flight requests finish (up to 5 s), closes sockets and pools. */
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 5_000;

export async function createGateway(opts: GatewayOptions): Promise<Gateway> {
  const requestLogger = createRequestLogger({ quiet: opts.quiet, write: opts.log });
  let shuttingDown = false;
  // Once shutting down, lost database connections are expected (Ctrl-C also reaches PostgreSQL).
  const logger = {
    request: requestLogger.request,
    info: (line: string) => {
      if (!shuttingDown) requestLogger.info(line);
    },
  };
  const keys: ApiKeys = {
    jwtSecret: opts.jwtSecret ?? LOCAL_JWT_SECRET,
    anonKey: opts.anonKey ?? LOCAL_ANON_KEY,
    serviceRoleKey: opts.serviceRoleKey ?? LOCAL_SERVICE_ROLE_KEY,
  };
  const poolMax = opts.poolMax ?? 10;
  const adminPool = new pg.Pool({ connectionString: opts.databaseUrl, max: 4 });
  const pool = new pg.Pool({ connectionString: opts.authenticatorUrl, max: poolMax });
  // An idle connection dropped by the server is replaced on next use; say so instead of crashing.
  adminPool.on('error', (error) => logger.info(`database (admin): ${error.message}`));
  pool.on('error', (error) => logger.info(`database (authenticator): ${error.message}`));
  // pg-pool listens for errors only on idle connections. One lost while a request holds it (the
  // server stopping between two of its statements) would otherwise be an unhandled 'error' event
  // and end the process; that request sees the failure on its next statement instead, answers 5xx
  // and the connection is discarded, so the event itself needs no handling here.
  for (const each of [adminPool, pool]) each.on('connect', (client) => client.on('error', () => {}));

  let baseUrl = '';
  const schemas = opts.schemas ?? ['public'];
  const cache = await createSchemaCache({
    pool,
    listenConnectionString: opts.databaseUrl,
    schemas,
    log: (line) => logger.info(line),
  });
  const rest: RestContext = { pool, cache, schemas, maxRows: opts.maxRows };
  const signup = opts.signupRateLimit ?? { max: 30, windowMs: 3_600_000 };
  const auth: AuthContext = {
    store: createAuthStore(adminPool),
    tokens: {
      jwtSecret: keys.jwtSecret,
      expirySeconds: opts.accessTokenExpirySeconds ?? 3600,
      issuer: () => `${baseUrl}/auth/v1`,
    },
    signupLimit: createRateLimit(signup.max, signup.windowMs),
    reuseIntervalMs: opts.refreshTokenReuseIntervalMs ?? 10_000,
    signupEnabled: opts.enableSignup,
    anonymousSignIns: opts.enableAnonymousSignIns,
  };
  const realtime: Realtime | null =
    opts.realtime === false
      ? null
      : await createRealtime({
          pool,
          listenConnectionString: opts.databaseUrl,
          jwtSecret: keys.jwtSecret,
          anonKey: keys.anonKey,
          serviceRoleKey: keys.serviceRoleKey,
          log: (line) => logger.info(`realtime: ${line}`),
          limits: opts.realtimeLimits,
          rateWindow: opts.realtimeRateWindow,
        });

  let inFlight = 0;
  let drained: (() => void) | null = null;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const path = url.pathname;
    applyCors(req, res);
    if (answerPreflight(req, res)) return;
    const service = /^\/(auth|rest|realtime)\/v1(\/.*)?$/.exec(path);
    if (!service) {
      sendJson(res, 404, { message: 'no Route matched with those values' });
      return;
    }
    const [, name, rest_ = '/'] = service;
    const problem = apiKeyProblem(req, url.searchParams, keys);
    if (problem !== null && !(name === 'auth' && rest_ === '/health')) {
      sendJson(res, 401, { message: problem });
      return;
    }
    if (name === 'auth') {
      await handleAuth(auth, req, res, rest_, url.searchParams);
      return;
    }
    const caller = callerClaims(req, url.searchParams, keys);
    if (name === 'rest') {
      if (!caller.ok) {
        const error = caller.expired ? restErrors.jwtExpired() : restErrors.jwtInvalid(caller.reason);
        sendRestError(res, error, {
          'WWW-Authenticate': `Bearer error="invalid_token", error_description="${error.message}"`,
        });
        return;
      }
      await handleRest(rest, req, res, rest_, url.searchParams, caller.claims);
      return;
    }
    if (realtime !== null && rest_ === '/api/stats' && req.method === 'GET') {
      // Devstack only (hosted Realtime has metrics instead): connections, quotas and rates for
      // benchmarks and operators, to the service_role key alone.
      if (!caller.ok || caller.claims.role !== 'service_role') {
        sendJson(res, 403, { message: 'realtime stats need the service_role key' });
        return;
      }
      sendJson(res, 200, realtime.stats());
      return;
    }
    if (realtime === null || !rest_.startsWith('/api/broadcast') || req.method !== 'POST') {
      sendJson(res, 404, { message: 'Not found' });
      return;
    }
    if (!caller.ok) {
      sendJson(res, 401, { message: caller.reason });
      return;
    }
    const read = await readBroadcastBody(req);
    if (!read.ok) {
      sendJson(res, read.status, { message: read.reason });
      return;
    }
    await realtime.handleBroadcast(req, res, read.body, caller.claims);
  };

  const server: Server = createServer((req, res) => {
    const started = performance.now();
    inFlight += 1;
    res.on('close', () => {
      inFlight -= 1;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      logger.request(req.method ?? 'GET', path, res.statusCode, performance.now() - started);
      if (inFlight === 0) drained?.();
    });
    handle(req, res).catch((error: unknown) => {
      logger.info(
        `error answering ${req.method} ${req.url?.split('?')[0]}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      if (!res.headersSent)
        sendJson(res, 500, {
          code: 'XX000',
          message: 'internal error in the local gateway',
          details: String(error),
          hint: null,
        });
      else res.destroy();
    });
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (realtime !== null && path === '/realtime/v1/websocket') realtime.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const host = opts.host ?? '127.0.0.1';
  const wanted = opts.port ?? DEFAULT_API_PORT;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(wanted, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await realtime?.close();
    await cache.close();
    await Promise.all([pool.end(), adminPool.end()]);
    const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
    throw new Error(
      inUse
        ? `port ${wanted} on ${host} is already in use (another local stack or \`supabase start\`?)`
        : `the gateway could not listen on ${host}:${wanted}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${host}:${port}`;

  let closing: Promise<void> | null = null;
  return {
    url: baseUrl,
    port,
    realtime,
    reloadSchema: () => cache.reload(),
    close() {
      shuttingDown = true;
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        if (inFlight > 0) {
          await Promise.race([
            new Promise<void>((resolve) => {
              drained = resolve;
            }),
            new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref()),
          ]);
        }
        const problems: unknown[] = [];
        await realtime?.close().catch((error: unknown) => keepUnlessDatabaseGone(problems, error));
        server.closeAllConnections();
        await stopped;
        await cache.close();
        await Promise.all([pool.end(), adminPool.end()]);
        if (problems.length > 0) throw new AggregateError(problems, 'the gateway did not shut down cleanly');
      })();
      return closing;
    },
  };
}

/**
 * Ctrl-C reaches PostgreSQL as well as the stack, so during shutdown the server may already have ended
 * our sessions (57P01, admin shutdown) or be unreachable: that is not a failure to report.
 */
function keepUnlessDatabaseGone(problems: unknown[], error: unknown): void {
  const code = (error as { code?: unknown }).code;
  if (code === '57P01' || code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'EPIPE') return;
  if (error instanceof Error && /Connection terminated|not queryable|Client was closed/i.test(error.message))
    return;
  problems.push(error);
}

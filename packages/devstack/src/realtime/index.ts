import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type pg from 'pg';
import { WebSocketServer } from 'ws';
import { type JwtClaims, verifyJwt } from '../gateway/jwt.ts';
import { createAuthorizer } from './authorization.ts';
import { closeWithSystemError } from './channel-lifecycle.ts';
import { Connection } from './connection.ts';
import type { RealtimeContext } from './context.ts';
import { type DatabaseListener, type DatabaseMessage, startDatabaseListener } from './db-listener.ts';
import { handleHttpBroadcast } from './http-broadcast.ts';
import {
  DEFAULT_REALTIME_PLAN,
  LIMIT_ERRORS,
  LimitCounters,
  type RateWindow,
  REALTIME_PLANS,
  REALTIME_RATE_WINDOW,
  type RealtimeLimitStats,
  type RealtimeLimits,
} from './limits.ts';
import { startMessageRetention } from './message-retention.ts';
import { PresenceRegistry } from './presence.ts';
import { isVsn } from './serializer.ts';
import { TopicRegistry, topicKey } from './topics.ts';

// The Realtime service of the local stack: Phoenix channels over WebSocket (broadcast, presence,
// private channels authorised by RLS on realtime.messages), broadcasts from the database via
// LISTEN/NOTIFY and the HTTP broadcast endpoint. The gateway routes requests here.

export interface RealtimeOptions {
  /** Connections as the `authenticator` role: RLS checks on private joins, reading truncated messages. */
  pool: pg.Pool;
  /** A connection string for the session that LISTENs on 'devstack_realtime'. */
  listenConnectionString: string;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  log: (line: string) => void;
  /** Sockets silent (not even a heartbeat) for longer than this are dropped. Default 60 s. */
  heartbeatTimeoutMs?: number;
  /** A socket with more than this many bytes queued is too slow to keep and is dropped. Default 8 MiB. */
  maxBufferedBytes?: number;
  /** The project's quotas, enforced as Supabase Realtime does. Default: the Pro plan's. */
  limits?: RealtimeLimits;
  /** How rates are averaged. Default Realtime's: 5 s ticks, the last 12 of them. */
  rateWindow?: RateWindow;
}

export interface RealtimeStats extends RealtimeLimitStats {
  /** Open sockets, joined or not. */
  sockets: number;
  /** Joined channels over all sockets. */
  channels: number;
}

export interface Realtime {
  /** Upgrades /realtime/v1/websocket?apikey=…&vsn=… ; refuses unknown keys with 401. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** POST /realtime/v1/api/broadcast (and …/api/broadcast/<topic>/events/<event>); `claims` from the caller's JWT. */
  handleBroadcast(req: IncomingMessage, res: ServerResponse, body: unknown, claims: JwtClaims): Promise<void>;
  /** Closes every socket with a close frame, stops listening and ends the listener connection. */
  close(): Promise<void>;
  /** Connections, channels, the quotas in force and the current rates. */
  stats(): RealtimeStats;
}

const DEFAULT_HEARTBEAT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const MAX_SWEEP_INTERVAL_MS = 5_000;
const CLOSE_GRACE_MS = 1_000;

export async function createRealtime(opts: RealtimeOptions): Promise<Realtime> {
  let subscriptionIds = 0;
  const limits = new LimitCounters(
    opts.limits ?? REALTIME_PLANS[DEFAULT_REALTIME_PLAN],
    opts.rateWindow ?? REALTIME_RATE_WINDOW,
    opts.log,
  );
  const ctx: RealtimeContext = {
    topics: new TopicRegistry({
      delivered: (n) => limits.events.add(n),
      overLimit: () => limits.events.triggered,
      shutDown: (sub) => {
        if (sub.peer instanceof Connection) closeWithSystemError(sub.peer, sub, LIMIT_ERRORS.tooManyMessages);
      },
    }),
    limits,
    presence: new PresenceRegistry(),
    jwtSecret: opts.jwtSecret,
    authorize: createAuthorizer(opts.pool),
    log: opts.log,
    maxBufferedBytes: opts.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
    nextSubscriptionId: () => {
      subscriptionIds += 1;
      return subscriptionIds;
    },
  };
  const connections = new Set<Connection>();
  let droppedFromDatabase = 0;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  let socketIds = 0;
  let closing = false;

  const listener: DatabaseListener = await startDatabaseListener({
    connectionString: opts.listenConnectionString,
    pool: opts.pool,
    log: opts.log,
    onMessage: (message) => {
      // Realtime drops database broadcasts while the message rate is over (UnableToBroadcastChanges).
      if (limits.events.triggered) {
        droppedFromDatabase += 1;
        if (droppedFromDatabase === 1)
          opts.log(
            'UnableToBroadcastChanges: too_many_requests (database broadcasts dropped while over the rate)',
          );
        return;
      }
      if (droppedFromDatabase > 0) {
        opts.log(`database broadcasts flow again; ${droppedFromDatabase} were dropped over the rate`);
        droppedFromDatabase = 0;
      }
      limits.events.add(1);
      ctx.topics.broadcast(topicKey(message.topic, message.private), message.event, withMessageId(message));
    },
  });

  const heartbeatTimeoutMs = opts.heartbeatTimeoutMs ?? DEFAULT_HEARTBEAT_TIMEOUT_MS;
  const sweep = setInterval(
    () => {
      const deadline = Date.now() - heartbeatTimeoutMs;
      for (const conn of connections) {
        if (conn.lastSeen < deadline) {
          opts.log(`dropping ${conn.label}: silent for more than ${heartbeatTimeoutMs} ms`);
          conn.ws.terminate();
          conn.dispose();
        }
      }
    },
    Math.min(MAX_SWEEP_INTERVAL_MS, Math.max(10, heartbeatTimeoutMs / 4)),
  );
  sweep.unref();
  const stopRetention = startMessageRetention(opts.pool, opts.log);

  const refuse = (socket: Duplex, status: number, text: string, message: string): void => {
    const body = JSON.stringify({ error: message });
    // Nothing else listens on this socket yet: a client that resets it must not crash the server.
    socket.on('error', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${status} ${text}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  };

  return {
    handleUpgrade(req, socket, head) {
      if (closing) return refuse(socket, 503, 'Service Unavailable', 'realtime is shutting down');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const apikey = url.searchParams.get('apikey') ?? headerValue(req.headers.apikey);
      if (apikey !== opts.anonKey && apikey !== opts.serviceRoleKey) {
        return refuse(socket, 401, 'Unauthorized', 'apikey must be the local anon or service_role key');
      }
      const verified = verifyJwt(apikey, opts.jwtSecret);
      if (!verified.ok) return refuse(socket, 401, 'Unauthorized', `apikey is not valid: ${verified.reason}`);
      // Phoenix treats a socket without vsn as the original 1.0.0 protocol.
      const vsn = url.searchParams.get('vsn') ?? '1.0.0';
      if (!isVsn(vsn))
        return refuse(socket, 400, 'Bad Request', `unsupported vsn ${vsn}: use 1.0.0 or 2.0.0`);
      // Realtime's TenantRateLimiters at connect: users first, then the join rate.
      if (limits.users >= limits.limits.maxConcurrentUsers) {
        opts.log(`ConnectionRateLimitReached: ${LIMIT_ERRORS.tooManyUsers}`);
        return refuse(socket, 429, 'Too Many Requests', LIMIT_ERRORS.tooManyUsers);
      }
      if (limits.joins.triggered) {
        opts.log(`JoinsRateLimitReached: ${LIMIT_ERRORS.tooManyJoinsUpgrade}`);
        return refuse(socket, 429, 'Too Many Requests', LIMIT_ERRORS.tooManyJoinsUpgrade);
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        socketIds += 1;
        const conn = new Connection(ctx, ws, vsn, verified.claims, apikey, `socket#${socketIds}`);
        connections.add(conn);
        ws.on('close', () => connections.delete(conn));
      });
    },

    handleBroadcast(req, res, body, claims) {
      return handleHttpBroadcast(ctx, req, res, body, claims);
    },

    async close() {
      if (closing) return;
      closing = true;
      clearInterval(sweep);
      stopRetention();
      limits.stop();
      const closed = [...connections].map(
        (conn) =>
          new Promise<void>((resolve) => {
            if (conn.ws.readyState === conn.ws.CLOSED) return resolve();
            const timer = setTimeout(() => {
              conn.ws.terminate();
              resolve();
            }, CLOSE_GRACE_MS);
            conn.ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            conn.close(1001, 'server shutting down');
          }),
      );
      await Promise.all(closed);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await listener.close();
    },

    stats() {
      return { sockets: connections.size, channels: ctx.topics.size, ...limits.stats() };
    },
  };
}

/**
 * Supabase Realtime adds the realtime.messages id to an object payload broadcast from the database
 * unless the payload has an `id` of its own; clients see the same here.
 */
function withMessageId(message: DatabaseMessage): unknown {
  const { payload } = message;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || 'id' in payload)
    return payload;
  return { ...payload, id: message.id };
}

function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

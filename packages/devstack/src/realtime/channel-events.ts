import { randomUUID } from 'node:crypto';
import { type JwtClaims, verifyJwt } from '../gateway/jwt.ts';
import type { Connection } from './connection.ts';
import { roleOf } from './context.ts';
import type { PresenceDiff } from './presence.ts';
import type { PhxMessage } from './serializer.ts';
import { OutgoingFrame, type Subscription, topicKey } from './topics.ts';

// The events a client sends on a channel topic: phx_join, phx_leave, broadcast, presence, access_token.

const TOPIC_PREFIX = 'realtime:';
// setTimeout cannot wait longer than this; tokens expiring later are checked on their next update.
const MAX_TIMER_MS = 2_147_483_647;

interface JoinConfig {
  broadcast?: { ack?: unknown; self?: unknown };
  presence?: { key?: unknown; enabled?: unknown };
  postgres_changes?: unknown;
  private?: unknown;
}

const expiryTimers = new WeakMap<Subscription, NodeJS.Timeout>();
// Token updates are checked asynchronously; only the answer for the latest token may act.
const tokenGenerations = new WeakMap<Subscription, number>();

export async function handleJoin(conn: Connection, message: PhxMessage): Promise<void> {
  const { topic } = message;
  if (!topic.startsWith(TOPIC_PREFIX) || topic.length === TOPIC_PREFIX.length) {
    conn.reply(message, 'error', { reason: 'unmatched topic' });
    return;
  }
  const subTopic = topic.slice(TOPIC_PREFIX.length);
  const payload = asRecord(message.payload);
  const config = asRecord(payload.config) as JoinConfig;

  // Phoenix semantics: joining a topic this socket already joined replaces the old channel.
  const existing = conn.channels.get(topic);
  if (existing !== undefined) {
    leaveChannel(conn, existing, 'rejoin');
    sendClose(conn, existing);
  }

  const changes = config.postgres_changes;
  if (Array.isArray(changes) && changes.length > 0) {
    conn.reply(message, 'error', {
      reason: 'postgres_changes is not supported by the local stack; use broadcast from the database',
    });
    return;
  }

  let claims = conn.apiClaims;
  if (typeof payload.access_token === 'string' && payload.access_token !== '') {
    const verified = verifyJwt(payload.access_token, conn.ctx.jwtSecret);
    if (!verified.ok) {
      conn.reply(message, 'error', { reason: tokenProblem(verified.reason) });
      return;
    }
    claims = verified.claims;
  }

  const isPrivate = config.private === true;
  // Every join of a topic supersedes the ones before it, even while those wait for the database.
  const attempt = (conn.pendingJoins.get(topic) ?? 0) + 1;
  conn.pendingJoins.set(topic, attempt);
  let canWrite = true;
  if (isPrivate) {
    const permissions = await conn.ctx.authorize(claims, subTopic);
    // The socket may have closed, left or joined again while the database answered.
    if (conn.closed || conn.pendingJoins.get(topic) !== attempt) return;
    if (!permissions.read) {
      conn.pendingJoins.delete(topic);
      conn.ctx.log(`realtime: refused private ${topic} to ${describe(claims)}`);
      conn.reply(message, 'error', {
        reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`,
      });
      return;
    }
    canWrite = permissions.write;
  }
  conn.pendingJoins.delete(topic);

  const presenceKey =
    typeof config.presence?.key === 'string' && config.presence.key !== ''
      ? config.presence.key
      : randomUUID();
  const sub: Subscription = {
    id: conn.ctx.nextSubscriptionId(),
    peer: conn,
    topic,
    subTopic,
    key: topicKey(subTopic, isPrivate),
    joinRef: message.joinRef,
    isPrivate,
    self: config.broadcast?.self === true,
    ack: config.broadcast?.ack === true,
    presenceKey,
    presenceEnabled: config.presence?.enabled === true,
    claims,
    canWrite,
  };
  conn.channels.set(topic, sub);
  conn.ctx.topics.add(sub);
  conn.reply(message, 'ok', { postgres_changes: [] });
  if (sub.presenceEnabled) sendPresenceState(conn, sub);
  scheduleExpiry(conn, sub);
  conn.ctx.log(
    `realtime: ${conn.label} joined ${isPrivate ? 'private' : 'public'} ${topic} as ${describe(claims)} ` +
      `(${conn.ctx.topics.subscribers(sub.key).size} on topic)`,
  );
}

export async function handleChannelEvent(
  conn: Connection,
  sub: Subscription,
  message: PhxMessage,
): Promise<void> {
  switch (message.event) {
    case 'phx_leave':
      conn.reply(message, 'ok', {});
      leaveChannel(conn, sub, 'leave');
      sendClose(conn, sub);
      return;
    case 'broadcast':
      return handleBroadcast(conn, sub, message);
    case 'presence':
      return handlePresence(conn, sub, message);
    case 'access_token':
      return handleAccessToken(conn, sub, message);
    default:
      conn.reply(message, 'error', { reason: `unknown event ${message.event}` });
  }
}

function handleBroadcast(conn: Connection, sub: Subscription, message: PhxMessage): void {
  const body = asRecord(message.payload);
  if (typeof body.event !== 'string') {
    conn.reply(message, 'error', { reason: 'a broadcast needs a string event' });
    return;
  }
  if (!sub.canWrite) {
    if (sub.ack) {
      conn.reply(message, 'error', {
        reason: `Unauthorized: You do not have permissions to write to this Channel topic: ${sub.subTopic}`,
      });
    }
    return;
  }
  conn.ctx.topics.broadcast(sub.key, body.event, body.payload ?? {}, sub.self ? undefined : sub);
  if (sub.ack) conn.reply(message, 'ok', {});
}

function handlePresence(conn: Connection, sub: Subscription, message: PhxMessage): void {
  const body = asRecord(message.payload);
  const { presence } = conn.ctx;
  if (body.event === 'track') {
    if (!sub.canWrite) {
      conn.reply(message, 'error', { reason: `Unauthorized: You do not have permissions to track presence` });
      return;
    }
    if (!sub.presenceEnabled) {
      // A client may track without presence listeners: it needs the state before the first diff.
      sub.presenceEnabled = true;
      sendPresenceState(conn, sub);
    }
    const diffs = presence.track(sub.key, sub.id, sub.presenceKey, asRecord(body.payload));
    conn.reply(message, 'ok', {});
    for (const diff of diffs) sendPresenceDiff(conn, sub, diff);
    return;
  }
  if (body.event === 'untrack') {
    const diff = presence.untrack(sub.key, sub.id, sub.presenceKey);
    conn.reply(message, 'ok', {});
    if (diff !== null) sendPresenceDiff(conn, sub, diff);
    return;
  }
  conn.reply(message, 'error', { reason: "presence event must be 'track' or 'untrack'" });
}

async function handleAccessToken(conn: Connection, sub: Subscription, message: PhxMessage): Promise<void> {
  const token = asRecord(message.payload).access_token;
  if (typeof token !== 'string' || token === '') return;
  const generation = (tokenGenerations.get(sub) ?? 0) + 1;
  tokenGenerations.set(sub, generation);
  const verified = verifyJwt(token, conn.ctx.jwtSecret);
  if (!verified.ok) {
    closeWithSystemError(conn, sub, tokenProblem(verified.reason));
    return;
  }
  sub.claims = verified.claims;
  scheduleExpiry(conn, sub);
  if (!sub.isPrivate) return;
  const permissions = await conn.ctx.authorize(verified.claims, sub.subTopic);
  if (conn.channels.get(sub.topic) !== sub || tokenGenerations.get(sub) !== generation) return;
  if (!permissions.read) {
    closeWithSystemError(
      conn,
      sub,
      `Unauthorized: You do not have permissions to read from this Channel topic: ${sub.subTopic}`,
    );
    return;
  }
  sub.canWrite = permissions.write;
}

/** Removes a subscription from every registry and tells the topic about its presence leaving. */
export function leaveChannel(
  conn: Connection,
  sub: Subscription,
  why: 'leave' | 'disconnect' | 'rejoin' | 'closed',
) {
  if (conn.channels.get(sub.topic) === sub) conn.channels.delete(sub.topic);
  conn.ctx.topics.remove(sub);
  clearTimeout(expiryTimers.get(sub));
  expiryTimers.delete(sub);
  const diff = conn.ctx.presence.untrack(sub.key, sub.id, sub.presenceKey);
  if (diff !== null) sendPresenceDiff(conn, sub, diff);
  conn.ctx.log(`realtime: ${conn.label} left ${sub.topic} (${why})`);
}

/** Ends a channel from the server side as Realtime does: a system message, then phx_close. */
export function closeWithSystemError(conn: Connection, sub: Subscription, reason: string): void {
  conn.send({
    joinRef: sub.joinRef,
    ref: null,
    topic: sub.topic,
    event: 'system',
    payload: { status: 'error', extension: 'system', message: reason, channel: sub.subTopic },
  });
  leaveChannel(conn, sub, 'closed');
  sendClose(conn, sub);
}

function sendClose(conn: Connection, sub: Subscription): void {
  conn.send({ joinRef: sub.joinRef, ref: sub.joinRef, topic: sub.topic, event: 'phx_close', payload: {} });
}

function sendPresenceState(conn: Connection, sub: Subscription): void {
  conn.send({
    joinRef: sub.joinRef,
    ref: null,
    topic: sub.topic,
    event: 'presence_state',
    payload: conn.ctx.presence.state(sub.key),
  });
}

/** Diffs go to every subscriber of the topic that listens for presence, the sender included. */
function sendPresenceDiff(conn: Connection, origin: Subscription, diff: PresenceDiff): void {
  const frame = new OutgoingFrame({
    joinRef: null,
    ref: null,
    topic: origin.topic,
    event: 'presence_diff',
    payload: diff,
  });
  for (const sub of conn.ctx.topics.subscribers(origin.key)) {
    if (sub.presenceEnabled) frame.sendTo(sub.peer);
  }
}

function scheduleExpiry(conn: Connection, sub: Subscription): void {
  clearTimeout(expiryTimers.get(sub));
  expiryTimers.delete(sub);
  const exp = sub.claims.exp;
  if (typeof exp !== 'number') return;
  const wait = exp * 1000 - Date.now();
  if (wait > MAX_TIMER_MS) return;
  const timer = setTimeout(
    () => {
      if (conn.channels.get(sub.topic) === sub) closeWithSystemError(conn, sub, 'Token has expired');
    },
    Math.max(0, wait),
  );
  timer.unref();
  expiryTimers.set(sub, timer);
}

function tokenProblem(reason: 'malformed' | 'bad_signature' | 'unsupported_alg' | 'expired'): string {
  switch (reason) {
    case 'expired':
      return 'Token has expired';
    case 'bad_signature':
      return 'Invalid token: signature does not match';
    case 'unsupported_alg':
      return 'Invalid token: only HS256 is accepted';
    case 'malformed':
      return 'Invalid token: malformed';
  }
}

function describe(claims: JwtClaims): string {
  const role = roleOf(claims);
  return typeof claims.sub === 'string' ? `${role} ${claims.sub}` : role;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

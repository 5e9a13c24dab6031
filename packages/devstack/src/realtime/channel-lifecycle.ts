import { randomUUID } from 'node:crypto';
import type { JwtClaims } from '../gateway/jwt.ts';
import { type ChannelPermissions, PUBLIC_PERMISSIONS } from './authorization.ts';
import type { Connection } from './connection.ts';
import { asRecord, roleOf } from './context.ts';
import { LIMIT_ERRORS } from './limits.ts';
import { sendPresenceDiff, sendPresenceState } from './presence-fanout.ts';
import type { PhxMessage } from './serializer.ts';
import { checkToken, expiredMessage } from './token-check.ts';
import { type Subscription, topicKey } from './topics.ts';

// A channel's life on the server: joined (after the RLS check for private ones), left by the client,
// closed by the server when its token expires or stops passing RLS, or dropped with its socket.

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

export async function handleJoin(conn: Connection, message: PhxMessage): Promise<void> {
  const { topic } = message;
  if (!topic.startsWith(TOPIC_PREFIX)) {
    conn.reply(message, 'error', { reason: 'unmatched topic' });
    return;
  }
  if (topic.length === TOPIC_PREFIX.length) {
    conn.reply(message, 'error', { reason: 'TopicNameRequired: You must provide a topic name' });
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

  if (!withinJoinLimits(conn, message)) return;

  const changes = config.postgres_changes;
  if (Array.isArray(changes) && changes.length > 0) {
    conn.reply(message, 'error', {
      reason: 'postgres_changes is not supported by the local stack; use broadcast from the database',
    });
    return;
  }

  // Like Realtime: the join's access_token if it is a JWT, else the apikey the socket opened with.
  const token = isUserToken(payload.access_token) ? payload.access_token : conn.apiKey;
  const checked = checkToken(token, conn.ctx.jwtSecret);
  if (!checked.ok) {
    conn.reply(message, 'error', { reason: `${checked.code}: ${checked.message}` });
    return;
  }
  const claims = checked.claims;

  const isPrivate = config.private === true;
  // Every join of a topic supersedes the ones before it, even while those wait for the database.
  conn.joinSeq += 1;
  const attempt = conn.joinSeq;
  conn.pendingJoins.set(topic, attempt);
  const presenceEnabled = config.presence?.enabled === true;
  let permissions: ChannelPermissions = PUBLIC_PERMISSIONS;
  if (isPrivate) {
    permissions = await conn.ctx.authorize(claims, subTopic);
    // The socket may have closed, left or joined again while the database answered.
    if (conn.closed || conn.pendingJoins.get(topic) !== attempt) return;
    // Realtime lets a private channel in when it may read broadcasts, or presence if it asked for it.
    if (!permissions.broadcast.read && !(presenceEnabled && permissions.presence.read)) {
      conn.pendingJoins.delete(topic);
      conn.ctx.log(`refused private ${topic} to ${describe(claims)}`);
      conn.reply(message, 'error', {
        reason: `Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`,
      });
      return;
    }
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
    presenceEnabled,
    token,
    claims,
    permissions,
  };
  conn.channels.set(topic, sub);
  conn.ctx.topics.add(sub);
  if (!conn.countedAsUser) {
    conn.countedAsUser = true;
    conn.ctx.limits.users += 1;
  }
  conn.reply(message, 'ok', { postgres_changes: [] });
  scheduleExpiry(conn, sub);
  if (sub.presenceEnabled && !syncPresence(conn, sub)) return;
  conn.ctx.log(
    `${conn.label} joined ${isPrivate ? 'private' : 'public'} ${topic} as ${describe(claims)} ` +
      `(${conn.ctx.topics.subscribers(sub.key).size} on topic)`,
  );
}

/**
 * Realtime's checks at the start of a join, in its order: concurrent users (a socket not yet counted),
 * the join rate (counting this join when it passes; over it the socket is disconnected), then the
 * channels of this socket.
 */
function withinJoinLimits(conn: Connection, message: PhxMessage): boolean {
  const { limits } = conn.ctx;
  if (!conn.countedAsUser && limits.users >= limits.limits.maxConcurrentUsers) {
    conn.ctx.log(`${conn.label}: ${LIMIT_ERRORS.tooManyUsersJoin}`);
    conn.reply(message, 'error', { reason: LIMIT_ERRORS.tooManyUsersJoin });
    return false;
  }
  if (limits.joins.triggered) {
    conn.ctx.log(`${conn.label}: ${LIMIT_ERRORS.tooManyJoins}`);
    conn.reply(message, 'error', { reason: LIMIT_ERRORS.tooManyJoins });
    conn.close(1000, 'disconnected');
    return false;
  }
  limits.joins.add(1);
  let channels = conn.channels.size + conn.pendingJoins.size;
  if (conn.pendingJoins.has(message.topic)) channels -= 1; // superseded by this join
  if (channels >= limits.limits.maxChannelsPerClient) {
    conn.ctx.log(`${conn.label}: ${LIMIT_ERRORS.tooManyChannels}`);
    conn.reply(message, 'error', { reason: LIMIT_ERRORS.tooManyChannels });
    return false;
  }
  return true;
}

/**
 * Sends the presence state to a channel that listens for presence, as Realtime's sync does: over the
 * presence rate the channel is shut down instead. False when it was.
 */
export function syncPresence(conn: Connection, sub: Subscription): boolean {
  if (!sub.permissions.presence.read) return true;
  if (conn.ctx.limits.overPresence()) {
    closeWithSystemError(conn, sub, LIMIT_ERRORS.tooManyPresence);
    return false;
  }
  sendPresenceState(conn, sub);
  return true;
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
  conn.ctx.log(`${conn.label} left ${sub.topic} (${why})`);
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

export function sendClose(conn: Connection, sub: Subscription): void {
  conn.send({ joinRef: sub.joinRef, ref: sub.joinRef, topic: sub.topic, event: 'phx_close', payload: {} });
}

export function scheduleExpiry(conn: Connection, sub: Subscription): void {
  clearTimeout(expiryTimers.get(sub));
  expiryTimers.delete(sub);
  const exp = sub.claims.exp;
  if (typeof exp !== 'number') return;
  const wait = exp * 1000 - Date.now();
  if (wait > MAX_TIMER_MS) return;
  const timer = setTimeout(
    () => {
      if (conn.channels.get(sub.topic) === sub) closeWithSystemError(conn, sub, expiredMessage(sub.token));
    },
    Math.max(0, wait),
  );
  timer.unref();
  expiryTimers.set(sub, timer);
}

/** A JWT sent as access_token; empty values and `sb_` API keys leave the socket's apikey in charge. */
export function isUserToken(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && !value.startsWith('sb_');
}

function describe(claims: JwtClaims): string {
  const role = roleOf(claims);
  return typeof claims.sub === 'string' ? `${role} ${claims.sub}` : role;
}

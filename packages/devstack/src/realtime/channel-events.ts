import { type ChannelPermissions, UNABLE_TO_CHECK } from './authorization.ts';
import {
  closeWithSystemError,
  isUserToken,
  leaveChannel,
  scheduleExpiry,
  sendClose,
  syncPresence,
} from './channel-lifecycle.ts';
import type { Connection } from './connection.ts';
import { asRecord } from './context.ts';
import { LIMIT_ERRORS } from './limits.ts';
import { sendPresenceDiff } from './presence-fanout.ts';
import type { PhxMessage } from './serializer.ts';
import { checkToken } from './token-check.ts';
import type { Subscription } from './topics.ts';

// What a client sends on a joined channel: phx_leave, broadcast, presence and access_token.

// Token updates are checked asynchronously; only the answer for the latest token may act.
const tokenGenerations = new WeakMap<Subscription, number>();

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
  if (!sub.permissions.broadcast.write) {
    // Realtime drops it without a reply, leaving an acking client to time out; say why instead.
    if (sub.ack) {
      conn.reply(message, 'error', {
        reason: `Unauthorized: You do not have permissions to write to this Channel topic: ${sub.subTopic}`,
      });
    }
    return;
  }
  // A client broadcast counts once as sent, then once per delivery (in the registry).
  conn.ctx.limits.events.add(1);
  conn.ctx.topics.broadcast(sub.key, body.event, body.payload ?? {}, sub.self ? undefined : sub);
  if (sub.ack) conn.reply(message, 'ok', {});
}

function handlePresence(conn: Connection, sub: Subscription, message: PhxMessage): void {
  const body = asRecord(message.payload);
  const { presence } = conn.ctx;
  if (body.event === 'track') {
    if (!sub.permissions.presence.write) {
      conn.reply(message, 'error', {
        reason: `Unauthorized: You do not have permissions to track presence on this Channel topic: ${sub.subTopic}`,
      });
      return;
    }
    const meta = body.payload ?? {};
    if (typeof meta !== 'object' || Array.isArray(meta)) {
      conn.reply(message, 'error', { reason: 'Presence track payload must be a map' });
      return;
    }
    // Realtime checks the presence rate before each track and counts it; over it the channel ends.
    if (conn.ctx.limits.overPresence()) {
      closeWithSystemError(conn, sub, LIMIT_ERRORS.tooManyPresence);
      return;
    }
    conn.ctx.limits.presence.add(1);
    if (!sub.presenceEnabled) {
      // A client may track without presence listeners: it needs the state before the first diff.
      sub.presenceEnabled = true;
      if (!syncPresence(conn, sub)) return;
    }
    const diffs = presence.track(sub.key, sub.id, sub.presenceKey, meta as Record<string, unknown>);
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
  // Realtime ignores a repeat of the current token, API keys and empty values.
  if (!isUserToken(token) || token === sub.token) return;
  const generation = (tokenGenerations.get(sub) ?? 0) + 1;
  tokenGenerations.set(sub, generation);
  const checked = checkToken(token, conn.ctx.jwtSecret);
  if (!checked.ok) {
    closeWithSystemError(conn, sub, checked.message);
    return;
  }
  sub.token = token;
  sub.claims = checked.claims;
  scheduleExpiry(conn, sub);
  if (!sub.isPrivate) return;
  let permissions: ChannelPermissions;
  try {
    permissions = await conn.ctx.authorize(checked.claims, sub.subTopic);
  } catch (error) {
    conn.ctx.log(`re-checking ${sub.topic} failed: ${String(error)}`);
    if (conn.channels.get(sub.topic) === sub) closeWithSystemError(conn, sub, UNABLE_TO_CHECK);
    return;
  }
  if (conn.channels.get(sub.topic) !== sub || tokenGenerations.get(sub) !== generation) return;
  const previous = sub.permissions;
  const revoked =
    (previous.broadcast.read && !permissions.broadcast.read) ||
    (previous.presence.read && !permissions.presence.read);
  if (revoked) {
    closeWithSystemError(
      conn,
      sub,
      `You no longer have permission to read from this Channel topic: ${sub.subTopic}`,
    );
    return;
  }
  sub.permissions = permissions;
}

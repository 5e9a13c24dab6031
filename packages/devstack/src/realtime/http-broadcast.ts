import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES } from '../gateway/http.ts';
import type { JwtClaims } from '../gateway/jwt.ts';
import { type RealtimeContext, roleOf } from './context.ts';
import { LIMIT_ERRORS } from './limits.ts';
import { topicKey } from './topics.ts';

// POST /realtime/v1/api/broadcast { messages: [{ topic, event, payload, private }] }, as channel.send()
// falls back to when it is not joined, and POST /realtime/v1/api/broadcast/<topic>/events/<event>
// [?private=true] with the payload as the body, as channel.httpSend() calls it. Both answer 202.
// Private messages need write access to the topic under RLS; like Supabase Realtime, the ones the
// caller may not send are left out (and logged) while the rest are delivered.

export interface HttpBroadcastMessage {
  topic: string;
  event: string;
  payload: unknown;
  private: boolean;
}

const MAX_MESSAGES = 100;
const EVENTS_PATH = /\/api\/broadcast\/([^/]+)\/events\/([^/]+)\/?$/;

export type BroadcastBody = { ok: true; body: unknown } | { ok: false; status: number; reason: string };

/**
 * The request body: bytes as they came for `application/octet-stream` (channel.httpSend() with an
 * ArrayBuffer or a typed array, delivered to subscribers as a binary broadcast), JSON otherwise.
 */
export async function readBroadcastBody(req: IncomingMessage): Promise<BroadcastBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, reason: 'request body larger than 1 MiB' };
    chunks.push(chunk as Buffer);
  }
  const bytes = Buffer.concat(chunks);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/octet-stream') return { ok: true, body: bytes.length === 0 ? undefined : bytes };
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, reason: 'request body is not valid JSON' };
  }
}

export type ParsedBroadcast =
  | { ok: true; messages: HttpBroadcastMessage[]; single: boolean }
  | { ok: false; reason: string };

export function parseBroadcastRequest(url: string, body: unknown): ParsedBroadcast {
  const parsedUrl = new URL(url, 'http://localhost');
  const single = EVENTS_PATH.exec(parsedUrl.pathname);
  if (single !== null) {
    if (body === undefined || body === null) return { ok: false, reason: 'a payload is required' };
    return {
      ok: true,
      messages: [
        {
          topic: decodeURIComponent(single[1] ?? ''),
          event: decodeURIComponent(single[2] ?? ''),
          payload: body,
          private: parsedUrl.searchParams.get('private') === 'true',
        },
      ],
      single: true,
    };
  }
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages) || messages.length === 0) {
    return { ok: false, reason: 'body must be { messages: [{ topic, event, payload, private }] }' };
  }
  if (messages.length > MAX_MESSAGES)
    return { ok: false, reason: `at most ${MAX_MESSAGES} messages per request` };
  const result: HttpBroadcastMessage[] = [];
  for (const [index, raw] of messages.entries()) {
    const m = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (typeof m.topic !== 'string' || m.topic === '' || typeof m.event !== 'string' || m.event === '') {
      return { ok: false, reason: `messages[${index}] needs a non-empty topic and event` };
    }
    if (m.private !== undefined && typeof m.private !== 'boolean') {
      return { ok: false, reason: `messages[${index}].private must be a boolean` };
    }
    result.push({ topic: m.topic, event: m.event, payload: m.payload ?? {}, private: m.private === true });
  }
  return { ok: true, messages: result, single: false };
}

export async function handleHttpBroadcast(
  ctx: RealtimeContext,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  claims: JwtClaims,
): Promise<void> {
  if (req.method !== 'POST') {
    sendJson(res, 405, { error: 'method_not_allowed', message: 'use POST' });
    return;
  }
  const parsed = parseBroadcastRequest(req.url ?? '/', body);
  if (!parsed.ok) {
    sendJson(res, 400, { error: 'invalid_broadcast', message: parsed.reason });
    return;
  }
  // Realtime's rate checks (single_broadcast.ex, batch_broadcast.ex) before anything is sent.
  const rate = ctx.limits.events.avg;
  const max = ctx.limits.limits.maxEventsPerSecond;
  const refusal = (parsed.single ? rate >= max : rate > max)
    ? LIMIT_ERRORS.httpRateLimit
    : !parsed.single && parsed.messages.length + rate > max
      ? LIMIT_ERRORS.httpBatchTooLarge
      : null;
  if (refusal !== null) {
    ctx.log(`HTTP broadcast refused: ${refusal}`);
    sendJson(res, 429, { message: refusal });
    return;
  }
  // Authorise every private topic first, so a database failure delivers nothing rather than a part.
  const writable = new Map<string, boolean>();
  try {
    for (const message of parsed.messages) {
      if (!message.private || roleOf(claims) === 'service_role' || writable.has(message.topic)) continue;
      writable.set(message.topic, (await ctx.authorize(claims, message.topic)).broadcast.write);
    }
  } catch (error) {
    ctx.log(`HTTP broadcast authorisation failed: ${String(error)}`);
    sendJson(res, 500, {
      error: 'realtime_authorization_failed',
      message: 'could not check access to the topic',
    });
    return;
  }
  for (const message of parsed.messages) {
    if (writable.get(message.topic) === false && message.private) {
      ctx.log(`HTTP broadcast to private ${message.topic} refused to ${roleOf(claims)}`);
      continue;
    }
    ctx.limits.events.add(1);
    ctx.topics.broadcast(topicKey(message.topic, message.private), message.event, message.payload);
  }
  res.writeHead(202, { 'content-length': '0' });
  res.end();
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

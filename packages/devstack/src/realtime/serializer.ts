// Phoenix channel frames as the installed realtime-js speaks them.
//
// vsn 1.0.0: every frame is a JSON object { join_ref, ref, topic, event, payload }.
// vsn 2.0.0: text frames are JSON arrays [join_ref, ref, topic, event, payload]; a client broadcast
// arrives as a binary "user broadcast push" (kind 3), and the server may answer binary payloads with a
// "user broadcast" (kind 4). The byte layouts mirror realtime-js lib/serializer.js.

export type Vsn = '1.0.0' | '2.0.0';

export const SUPPORTED_VSNS: readonly Vsn[] = ['1.0.0', '2.0.0'];

export interface PhxMessage {
  joinRef: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
}

/** What a client broadcast carries once decoded: JSON, or raw bytes when the client sent an ArrayBuffer. */
export interface BroadcastBody {
  type: 'broadcast';
  event: string;
  payload: unknown;
  [meta: string]: unknown;
}

export type DecodeResult = { ok: true; message: PhxMessage } | { ok: false; reason: string };

const KIND_USER_BROADCAST_PUSH = 3;
const KIND_USER_BROADCAST = 4;
const ENCODING_BINARY = 0;
const ENCODING_JSON = 1;

export function isVsn(value: string): value is Vsn {
  return (SUPPORTED_VSNS as readonly string[]).includes(value);
}

export function decodeFrame(data: Buffer, isBinary: boolean, vsn: Vsn): DecodeResult {
  if (isBinary) {
    if (vsn !== '2.0.0') return { ok: false, reason: 'binary frames need vsn 2.0.0' };
    return decodeBinary(data);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch {
    return { ok: false, reason: 'frame is not JSON' };
  }
  if (vsn === '2.0.0') {
    if (!Array.isArray(parsed) || parsed.length !== 5) return { ok: false, reason: 'frame is not a 5-array' };
    const [joinRef, ref, topic, event, payload] = parsed as unknown[];
    return checked(joinRef, ref, topic, event, payload);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, reason: 'frame is not an object' };
  }
  const o = parsed as Record<string, unknown>;
  return checked(o.join_ref, o.ref, o.topic, o.event, o.payload);
}

function checked(
  joinRef: unknown,
  ref: unknown,
  topic: unknown,
  event: unknown,
  payload: unknown,
): DecodeResult {
  if (typeof topic !== 'string' || typeof event !== 'string') {
    return { ok: false, reason: 'topic and event must be strings' };
  }
  return {
    ok: true,
    message: { joinRef: refString(joinRef), ref: refString(ref), topic, event, payload: payload ?? {} },
  };
}

function refString(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

// Layout (realtime-js _encodeUserBroadcastPush): kind, then six one-byte fields — join_ref, ref,
// topic, user event and metadata lengths and the payload encoding — then those strings, then the payload.
function decodeBinary(data: Buffer): DecodeResult {
  if (data.length < 7) return { ok: false, reason: 'binary frame too short' };
  const kind = data[0];
  if (kind !== KIND_USER_BROADCAST_PUSH)
    return { ok: false, reason: `unsupported binary frame kind ${kind}` };
  const sizes = [data[1], data[2], data[3], data[4], data[5]] as number[];
  const encoding = data[6];
  let offset = 7;
  const strings: string[] = [];
  for (const size of sizes) {
    if (offset + size > data.length) return { ok: false, reason: 'binary frame truncated' };
    // The client writes each string one char code per byte, so latin1 is its exact inverse.
    strings.push(data.toString('latin1', offset, offset + size));
    offset += size;
  }
  const [joinRef, ref, topic, userEvent, metadata] = strings as [string, string, string, string, string];
  const rawPayload = data.subarray(offset);
  let payload: unknown;
  if (encoding === ENCODING_JSON) {
    try {
      payload = JSON.parse(rawPayload.toString('utf8'));
    } catch {
      return { ok: false, reason: 'broadcast payload is not JSON' };
    }
  } else if (encoding === ENCODING_BINARY) {
    payload = Buffer.from(rawPayload);
  } else {
    return { ok: false, reason: `unknown payload encoding ${encoding}` };
  }
  let meta: Record<string, unknown> = {};
  if (metadata.length > 0) {
    try {
      const parsed: unknown = JSON.parse(metadata);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
        meta = parsed as Record<string, unknown>;
      }
    } catch {
      return { ok: false, reason: 'broadcast metadata is not JSON' };
    }
  }
  const body: BroadcastBody = { ...meta, type: 'broadcast', event: userEvent, payload };
  return {
    ok: true,
    message: { joinRef: joinRef || null, ref: ref || null, topic, event: 'broadcast', payload: body },
  };
}

/** Encodes a message as a text frame for one protocol version. */
export function encodeText(message: PhxMessage, vsn: Vsn): string {
  if (vsn === '2.0.0') {
    return JSON.stringify([message.joinRef, message.ref, message.topic, message.event, message.payload]);
  }
  return JSON.stringify({
    join_ref: message.joinRef,
    ref: message.ref,
    topic: message.topic,
    event: message.event,
    payload: message.payload,
  });
}

/**
 * A server "user broadcast" (kind 4) carrying raw bytes: realtime-js decodes it into
 * { type: 'broadcast', event, payload: ArrayBuffer }. Only vsn 2.0.0 clients understand it.
 */
export function encodeBinaryBroadcast(topic: string, event: string, payload: Buffer): Buffer {
  const topicBytes = Buffer.from(topic, 'utf8');
  const eventBytes = Buffer.from(event, 'utf8');
  if (topicBytes.length > 255 || eventBytes.length > 255) {
    throw new RangeError('topic and event must be at most 255 bytes for a binary broadcast');
  }
  const header = Buffer.from([KIND_USER_BROADCAST, topicBytes.length, eventBytes.length, 0, ENCODING_BINARY]);
  return Buffer.concat([header, topicBytes, eventBytes, payload]);
}

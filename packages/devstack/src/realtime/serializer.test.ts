// The installed realtime-js serializer is the judge: frames it encodes must decode here, and frames
// encoded here must decode there into what the client hands to its callbacks.
import Serializer from '@supabase/realtime-js/dist/main/lib/serializer.js';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeBinaryBroadcast, encodeText } from './serializer.ts';

type ClientMessage = {
  join_ref: string | null;
  ref: string | null;
  topic: string;
  event: string;
  payload: unknown;
};

function clientEncode(serializer: Serializer, message: ClientMessage): Buffer {
  let out: Buffer = Buffer.alloc(0);
  serializer.encode(message as never, (encoded: ArrayBuffer | string) => {
    out = typeof encoded === 'string' ? Buffer.from(encoded, 'utf8') : Buffer.from(encoded);
  });
  return out;
}

function clientDecode(frame: Buffer | string): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  const raw =
    typeof frame === 'string'
      ? frame
      : frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength);
  new Serializer().decode(raw as never, (decoded: Record<string, unknown>) => {
    out = decoded;
  });
  return out;
}

describe('frames from realtime-js', () => {
  it('decodes a JSON broadcast push (binary kind 3) with its refs and topic', () => {
    const frame = clientEncode(new Serializer(), {
      join_ref: '12',
      ref: '345',
      topic: 'realtime:room-1',
      event: 'broadcast',
      payload: { type: 'broadcast', event: 'move', payload: { x: 1, name: 'näme ✓' } },
    });
    expect(frame[0]).toBe(3);
    const decoded = decodeFrame(frame, true, '2.0.0');
    expect(decoded).toEqual({
      ok: true,
      message: {
        joinRef: '12',
        ref: '345',
        topic: 'realtime:room-1',
        event: 'broadcast',
        payload: { type: 'broadcast', event: 'move', payload: { x: 1, name: 'näme ✓' } },
      },
    });
  });

  it('decodes raw bytes and allowed metadata from a broadcast push', () => {
    const frame = clientEncode(new Serializer(['meta']), {
      join_ref: '1',
      ref: '2',
      topic: 'realtime:bytes',
      event: 'broadcast',
      payload: {
        type: 'broadcast',
        event: 'blob',
        payload: new Uint8Array([9, 8, 7]).buffer,
        meta: { id: 'a' },
      },
    });
    const decoded = decodeFrame(frame, true, '2.0.0');
    if (!decoded.ok) throw new Error(decoded.reason);
    const body = decoded.message.payload as Record<string, unknown>;
    expect(body.event).toBe('blob');
    expect(body.meta).toEqual({ id: 'a' });
    expect([...(body.payload as Buffer)]).toEqual([9, 8, 7]);
  });

  it('decodes text frames of both versions', () => {
    const push = { join_ref: '1', ref: '2', topic: 'phoenix', event: 'heartbeat', payload: {} };
    const v2 = clientEncode(new Serializer(), push);
    expect(decodeFrame(v2, false, '2.0.0')).toEqual({
      ok: true,
      message: { joinRef: '1', ref: '2', topic: 'phoenix', event: 'heartbeat', payload: {} },
    });
    const v1 = Buffer.from(JSON.stringify(push));
    expect(decodeFrame(v1, false, '1.0.0')).toEqual(decodeFrame(v2, false, '2.0.0'));
  });

  it('rejects what it cannot read instead of guessing', () => {
    expect(decodeFrame(Buffer.from('not json'), false, '2.0.0')).toMatchObject({ ok: false });
    expect(decodeFrame(Buffer.from('{"topic":"x"}'), false, '2.0.0')).toMatchObject({ ok: false });
    expect(decodeFrame(Buffer.from([3, 1]), true, '2.0.0')).toMatchObject({ ok: false });
    expect(decodeFrame(Buffer.from([0, 0, 0, 0, 0, 0, 0]), true, '2.0.0')).toMatchObject({ ok: false });
    expect(decodeFrame(Buffer.from([3, 0, 0, 0, 0, 0, 1]), true, '1.0.0')).toMatchObject({ ok: false });
    // Lengths that point past the end of the frame.
    expect(decodeFrame(Buffer.from([3, 9, 0, 0, 0, 0, 1, 65]), true, '2.0.0')).toMatchObject({ ok: false });
  });
});

describe('frames to realtime-js', () => {
  it('encodes a 2.0.0 text frame the client decodes into the same message', () => {
    const text = encodeText(
      { joinRef: null, ref: null, topic: 'realtime:t', event: 'broadcast', payload: { type: 'broadcast' } },
      '2.0.0',
    );
    expect(clientDecode(text)).toEqual({
      join_ref: null,
      ref: null,
      topic: 'realtime:t',
      event: 'broadcast',
      payload: { type: 'broadcast' },
    });
  });

  it('encodes a binary user broadcast (kind 4) the client turns into { type, event, payload }', () => {
    const frame = encodeBinaryBroadcast('realtime:bytes', 'blob', Buffer.from([1, 2, 3]));
    const decoded = clientDecode(frame);
    expect(decoded).toMatchObject({ join_ref: null, ref: null, topic: 'realtime:bytes', event: 'broadcast' });
    const payload = decoded.payload as { type: string; event: string; payload: ArrayBuffer };
    expect(payload.type).toBe('broadcast');
    expect(payload.event).toBe('blob');
    expect([...new Uint8Array(payload.payload)]).toEqual([1, 2, 3]);
  });
});

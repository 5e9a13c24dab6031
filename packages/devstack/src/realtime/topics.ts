import type { JwtClaims } from '../gateway/jwt.ts';
import type { ChannelPermissions } from './authorization.ts';
import { encodeBinaryBroadcast, encodeText, type PhxMessage, type Vsn } from './serializer.ts';

/** One socket as the fan-out sees it. */
export interface Peer {
  readonly vsn: Vsn;
  /** Sends an already encoded frame; the peer applies its own backpressure limit. */
  sendEncoded(data: Buffer, binary: boolean): void;
}

/** One joined channel: a socket subscribed to a topic with its join options. */
export interface Subscription {
  readonly id: number;
  readonly peer: Peer;
  readonly topic: string; // as the client names it: 'realtime:<name>'
  readonly subTopic: string; // '<name>', as realtime.messages names it
  readonly key: string; // public and private channels of one name are separate audiences
  readonly joinRef: string | null;
  readonly isPrivate: boolean;
  readonly self: boolean;
  readonly ack: boolean;
  readonly presenceKey: string;
  presenceEnabled: boolean;
  /** The token the claims come from: the join's access_token, a later update, or the socket's apikey. */
  token: string;
  claims: JwtClaims;
  /** What RLS allows on a private channel; everything on a public one. */
  permissions: ChannelPermissions;
}

export function topicKey(subTopic: string, isPrivate: boolean): string {
  return `${isPrivate ? 'private' : 'public'}:${subTopic}`;
}

/**
 * One outgoing message encoded at most once per protocol version, however many sockets receive it:
 * the 1,000-subscriber fan-out then costs one JSON.stringify, not a thousand.
 */
export class OutgoingFrame {
  private readonly encoded = new Map<Vsn, { data: Buffer; binary: boolean } | null>();

  constructor(
    private readonly message: PhxMessage,
    private readonly binaryPayload: Buffer | null = null,
  ) {}

  /** The frame for one version, or null when that version cannot carry it (raw bytes over vsn 1.0.0). */
  forVsn(vsn: Vsn): { data: Buffer; binary: boolean } | null {
    let frame = this.encoded.get(vsn);
    if (frame === undefined) {
      frame = this.encode(vsn);
      this.encoded.set(vsn, frame);
    }
    return frame;
  }

  private encode(vsn: Vsn): { data: Buffer; binary: boolean } | null {
    if (this.binaryPayload !== null) {
      if (vsn !== '2.0.0') return null;
      const body = this.message.payload as { event: string };
      return {
        data: encodeBinaryBroadcast(this.message.topic, body.event, this.binaryPayload),
        binary: true,
      };
    }
    return { data: Buffer.from(encodeText(this.message, vsn), 'utf8'), binary: false };
  }

  sendTo(peer: Peer): void {
    const frame = this.forVsn(peer.vsn);
    if (frame !== null) peer.sendEncoded(frame.data, frame.binary);
  }
}

/** The broadcast frame realtime-js hands to `.on('broadcast', { event }, cb)` as `{ type, event, payload }`. */
export function broadcastFrame(topic: string, event: string, payload: unknown): OutgoingFrame {
  const binary = Buffer.isBuffer(payload) ? payload : null;
  const message: PhxMessage = {
    joinRef: null,
    ref: null,
    topic,
    event: 'broadcast',
    payload: { type: 'broadcast', event, payload: binary === null ? payload : {} },
  };
  return new OutgoingFrame(message, binary);
}

/** How the registry reports deliveries to the quota counters (see limits.ts). */
export interface DeliveryLimits {
  /** Counts `n` messages delivered to subscribers. */
  delivered(n: number): void;
  /** Whether the message rate is over the limit: then every channel that received one is shut down. */
  overLimit(): boolean;
  shutDown(sub: Subscription): void;
}

/** Topic key → the subscriptions that receive it. */
export class TopicRegistry {
  private readonly topics = new Map<string, Set<Subscription>>();
  private total = 0;

  constructor(private readonly limits: DeliveryLimits | null = null) {}

  add(sub: Subscription): void {
    let set = this.topics.get(sub.key);
    if (set === undefined) {
      set = new Set();
      this.topics.set(sub.key, set);
    }
    if (!set.has(sub)) {
      set.add(sub);
      this.total += 1;
    }
  }

  remove(sub: Subscription): void {
    const set = this.topics.get(sub.key);
    if (set?.delete(sub)) {
      this.total -= 1;
      if (set.size === 0) this.topics.delete(sub.key);
    }
  }

  subscribers(key: string): ReadonlySet<Subscription> {
    return this.topics.get(key) ?? EMPTY;
  }

  get size(): number {
    return this.total;
  }

  /** Sends a broadcast to every subscriber of the topic key, except `skip` (a sender without `self`). */
  broadcast(key: string, event: string, payload: unknown, skip?: Subscription): number {
    const subs = this.topics.get(key);
    if (subs === undefined || subs.size === 0) return 0;
    const first = subs.values().next().value as Subscription;
    const frame = broadcastFrame(first.topic, event, payload);
    let sent = 0;
    for (const sub of subs) {
      // A private channel joined for presence alone does not receive broadcasts (as in Realtime).
      if (sub === skip || !sub.permissions.broadcast.read) continue;
      frame.sendTo(sub.peer);
      sent += 1;
    }
    if (this.limits !== null && sent > 0) {
      this.limits.delivered(sent);
      // As in Realtime, each receiving channel counts the message, then closes when the rate is over.
      if (this.limits.overLimit()) {
        for (const sub of [...subs]) {
          if (sub !== skip && sub.permissions.broadcast.read) this.limits.shutDown(sub);
        }
      }
    }
    return sent;
  }
}

const EMPTY: ReadonlySet<Subscription> = new Set();

import type { WebSocket } from 'ws';
import type { JwtClaims } from '../gateway/jwt.ts';
import { UNABLE_TO_CHECK } from './authorization.ts';
import { handleChannelEvent } from './channel-events.ts';
import { handleJoin, leaveChannel } from './channel-lifecycle.ts';
import type { RealtimeContext } from './context.ts';
import { decodeFrame, encodeText, type PhxMessage, type Vsn } from './serializer.ts';
import type { Peer, Subscription } from './topics.ts';

/** One WebSocket speaking the Phoenix channel protocol: its joined channels and its liveness. */
export class Connection implements Peer {
  readonly channels = new Map<string, Subscription>();
  /** Joins waiting for an authorisation answer, by topic: a newer join or a leave cancels the older one. */
  readonly pendingJoins = new Map<string, number>();
  /** Numbers join attempts so a stale authorisation answer can recognise itself. */
  joinSeq = 0;
  lastSeen = Date.now();
  closed = false;
  /** Counted in the project's concurrent users: from its first joined channel until it closes. */
  countedAsUser = false;
  private undecodable = 0;

  constructor(
    readonly ctx: RealtimeContext,
    readonly ws: WebSocket,
    readonly vsn: Vsn,
    /** The apikey the socket connected with and its claims; a channel's access_token overrides them. */
    readonly apiClaims: JwtClaims,
    readonly apiKey: string,
    readonly label: string,
  ) {
    ws.on('message', (data, isBinary) => this.onFrame(toBuffer(data), isBinary));
    ws.on('close', () => this.dispose());
    ws.on('error', (error) => {
      ctx.log(`socket ${label} error: ${error.message}`);
      this.dispose();
    });
  }

  sendEncoded(data: Buffer, binary: boolean): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.ctx.maxBufferedBytes) {
      // A client that stops reading must not make the server buffer without bound.
      this.ctx.log(`dropping slow socket ${this.label} (${this.ws.bufferedAmount} bytes queued)`);
      this.ws.terminate();
      this.dispose();
      return;
    }
    this.ws.send(data, { binary });
  }

  send(message: PhxMessage): void {
    this.sendEncoded(Buffer.from(encodeText(message, this.vsn), 'utf8'), false);
  }

  reply(request: PhxMessage, status: 'ok' | 'error', response: Record<string, unknown>): void {
    if (request.ref === null) return;
    this.send({
      joinRef: request.joinRef,
      ref: request.ref,
      topic: request.topic,
      event: 'phx_reply',
      payload: { status, response },
    });
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    this.lastSeen = Date.now();
    const decoded = decodeFrame(data, isBinary, this.vsn);
    if (!decoded.ok) {
      // Logged once per socket so a misbehaving client cannot flood the log.
      if (this.undecodable === 0) this.ctx.log(`socket ${this.label} sent a bad frame: ${decoded.reason}`);
      this.undecodable += 1;
      return;
    }
    const message = decoded.message;
    if (message.topic === 'phoenix') {
      if (message.event === 'heartbeat') this.reply(message, 'ok', {});
      return;
    }
    if (message.event === 'phx_join') {
      handleJoin(this, message).catch((error: unknown) => {
        this.ctx.log(`join of ${message.topic} failed: ${String(error)}`);
        this.pendingJoins.delete(message.topic);
        // Realtime's words when it cannot evaluate the policies; details stay in the log.
        this.reply(message, 'error', { reason: UNABLE_TO_CHECK });
      });
      return;
    }
    const sub = this.channels.get(message.topic);
    if (sub === undefined || (message.joinRef !== null && message.joinRef !== sub.joinRef)) {
      if (message.event === 'phx_leave') {
        // Leaving a channel that is still joining (or already gone) cancels it; nothing is left to close.
        if (sub === undefined) this.pendingJoins.delete(message.topic);
        this.reply(message, 'ok', {});
        return;
      }
      this.reply(message, 'error', { reason: 'unmatched topic' });
      return;
    }
    handleChannelEvent(this, sub, message).catch((error: unknown) => {
      this.ctx.log(`${message.event} on ${message.topic} failed: ${String(error)}`);
      this.reply(message, 'error', { reason: `${message.event} failed on the server` });
    });
  }

  /** Closes the socket with a proper close frame (1001 when the server is going away). */
  close(code: number, reason: string): void {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
  }

  /** Leaves every channel (presence leaves are broadcast) once the socket is gone. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.countedAsUser) {
      this.countedAsUser = false;
      this.ctx.limits.users -= 1;
    }
    this.pendingJoins.clear();
    for (const sub of [...this.channels.values()]) leaveChannel(this, sub, 'disconnect');
  }
}

function toBuffer(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

import type { Connection } from './connection.ts';
import type { PresenceDiff } from './presence.ts';
import { OutgoingFrame, type Subscription } from './topics.ts';

/** The full presence state of the topic, sent to one channel when it starts listening. */
export function sendPresenceState(conn: Connection, sub: Subscription): void {
  if (!sub.permissions.presence.read) return;
  conn.ctx.limits.presence.add(1);
  conn.send({
    joinRef: sub.joinRef,
    ref: null,
    topic: sub.topic,
    event: 'presence_state',
    payload: conn.ctx.presence.state(sub.key),
  });
}

/** Diffs go to every subscriber of the topic that listens for presence, the sender included. */
export function sendPresenceDiff(conn: Connection, origin: Subscription, diff: PresenceDiff): void {
  const frame = new OutgoingFrame({
    joinRef: null,
    ref: null,
    topic: origin.topic,
    event: 'presence_diff',
    payload: diff,
  });
  let delivered = 0;
  for (const sub of conn.ctx.topics.subscribers(origin.key)) {
    if (sub.presenceEnabled && sub.permissions.presence.read) {
      frame.sendTo(sub.peer);
      delivered += 1;
    }
  }
  // Realtime counts every presence_diff delivered towards the presence rate.
  conn.ctx.limits.presence.add(delivered);
}

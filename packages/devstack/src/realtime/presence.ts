import { randomBytes } from 'node:crypto';

// Presence as Phoenix.Presence shapes it for the client: state is key → { metas: [...] }, each meta
// carrying a unique phx_ref; a diff is { joins, leaves } in the same shape. One meta per subscription
// and key: tracking again replaces the previous meta. Phoenix would send that as one diff with both
// the join and the leave, but the installed realtime-js strips phx_ref from the current metas while
// applying the join, so the leave then matches nothing and the stale meta stays. Sending the leave
// first and the join second gives the client the right state.

export type Meta = Record<string, unknown> & { phx_ref: string };
export type PresenceState = Record<string, { metas: Meta[] }>;
export interface PresenceDiff {
  joins: PresenceState;
  leaves: PresenceState;
}

let refCounter = 0;
const refPrefix = randomBytes(4).toString('base64url');

function nextRef(): string {
  refCounter += 1;
  return `${refPrefix}${refCounter.toString(36)}`;
}

function sameMeta(previous: Meta, userMeta: Record<string, unknown>): boolean {
  const { phx_ref: _ref, ...previousUserMeta } = previous;
  return canonical(previousUserMeta) === canonical(userMeta);
}

/** JSON with object keys sorted, so that key order does not make two equal metas differ. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

class TopicPresence {
  // presence key → subscription id → meta
  readonly byKey = new Map<string, Map<number, Meta>>();

  /** The diffs to send, in order: the replaced meta's leave (if any), then the join; none if unchanged. */
  track(subId: number, key: string, meta: Record<string, unknown>): PresenceDiff[] {
    let metas = this.byKey.get(key);
    if (metas === undefined) {
      metas = new Map();
      this.byKey.set(key, metas);
    }
    const previous = metas.get(subId);
    const { phx_ref: _ignoredRef, phx_ref_prev: _ignoredPrev, ...userMeta } = meta;
    // As in Realtime, tracking the same meta again changes nothing and tells nobody.
    if (previous !== undefined && sameMeta(previous, userMeta)) return [];
    const next: Meta = { ...userMeta, phx_ref: nextRef() };
    metas.set(subId, next);
    const join: PresenceDiff = { joins: { [key]: { metas: [next] } }, leaves: {} };
    if (previous === undefined) return [join];
    return [{ joins: {}, leaves: { [key]: { metas: [previous] } } }, join];
  }

  untrack(subId: number, key: string): PresenceDiff | null {
    const metas = this.byKey.get(key);
    const previous = metas?.get(subId);
    if (metas === undefined || previous === undefined) return null;
    metas.delete(subId);
    if (metas.size === 0) this.byKey.delete(key);
    return { joins: {}, leaves: { [key]: { metas: [previous] } } };
  }

  state(): PresenceState {
    const state: PresenceState = {};
    for (const [key, metas] of this.byKey) state[key] = { metas: [...metas.values()] };
    return state;
  }
}

/** Presence per topic key, in memory: the devstack is one node, so there is nothing to replicate. */
export class PresenceRegistry {
  private readonly topics = new Map<string, TopicPresence>();

  track(topicKey: string, subId: number, presenceKey: string, meta: Record<string, unknown>): PresenceDiff[] {
    let topic = this.topics.get(topicKey);
    if (topic === undefined) {
      topic = new TopicPresence();
      this.topics.set(topicKey, topic);
    }
    return topic.track(subId, presenceKey, meta);
  }

  untrack(topicKey: string, subId: number, presenceKey: string): PresenceDiff | null {
    const topic = this.topics.get(topicKey);
    if (topic === undefined) return null;
    const diff = topic.untrack(subId, presenceKey);
    if (topic.byKey.size === 0) this.topics.delete(topicKey);
    return diff;
  }

  state(topicKey: string): PresenceState {
    return this.topics.get(topicKey)?.state() ?? {};
  }
}

// Supabase Realtime's per-project quotas ("Realtime Limits" in Supabase's docs), counted the way
// supabase/realtime counts them (lib/realtime/rate_counter, lib/realtime/tenants.ex,
// lib/realtime_web/channels/realtime_channel.ex, user_socket.ex):
// - concurrent users: sockets that joined at least one channel, until they close;
// - joins per second: channel joins let through;
// - events per second: client broadcasts sent, HTTP and database broadcasts sent, and every delivery
//   of a broadcast to a subscriber;
// - presence events per second: presence_state pushes, tracks, and every delivery of a presence_diff;
// - channels per client: channels joined (or joining) on one socket.
// A rate is Realtime's RateCounter: counts go into a bucket per tick (5 s), the rate is the average per
// second over the last buckets (12: one minute), and a limit is "triggered" at a tick when the rate
// reaches it and released at the first tick below it. Counting is an integer add; ticks are one timer.

export interface RealtimeLimits {
  maxConcurrentUsers: number;
  maxEventsPerSecond: number;
  maxJoinsPerSecond: number;
  maxChannelsPerClient: number;
  maxPresenceEventsPerSecond: number;
}

export type RealtimePlan = 'free' | 'pro' | 'pro_no_cap' | 'team';

/** The figures of Supabase's plans (docs: Realtime Limits, "Limits by plan"). */
export const REALTIME_PLANS: Readonly<Record<RealtimePlan, Readonly<RealtimeLimits>>> = {
  free: {
    maxConcurrentUsers: 200,
    maxEventsPerSecond: 100,
    maxJoinsPerSecond: 100,
    maxChannelsPerClient: 100,
    maxPresenceEventsPerSecond: 20,
  },
  pro: {
    maxConcurrentUsers: 500,
    maxEventsPerSecond: 500,
    maxJoinsPerSecond: 500,
    maxChannelsPerClient: 100,
    maxPresenceEventsPerSecond: 50,
  },
  pro_no_cap: {
    maxConcurrentUsers: 10_000,
    maxEventsPerSecond: 2_500,
    maxJoinsPerSecond: 2_500,
    maxChannelsPerClient: 100,
    maxPresenceEventsPerSecond: 1_000,
  },
  team: {
    maxConcurrentUsers: 10_000,
    maxEventsPerSecond: 2_500,
    maxJoinsPerSecond: 2_500,
    maxChannelsPerClient: 100,
    maxPresenceEventsPerSecond: 1_000,
  },
};

export const DEFAULT_REALTIME_PLAN: RealtimePlan = 'pro';

export function isRealtimePlan(value: unknown): value is RealtimePlan {
  return typeof value === 'string' && Object.hasOwn(REALTIME_PLANS, value);
}

/** How rates are measured: Realtime ticks every 5 s and averages the last 12 ticks. Tests shorten it. */
export interface RateWindow {
  tickMs: number;
  buckets: number;
}

export const REALTIME_RATE_WINDOW: Readonly<RateWindow> = { tickMs: 5_000, buckets: 12 };

/** Realtime's RateCounter: a ring of per-tick counts, an average per second, a triggered flag. */
export class RateCounter {
  private current = 0;
  private readonly ring: Float64Array;
  private filled = 0;
  private next = 0;
  private sum = 0;
  /** Events per second over the window, as of the last tick. */
  avg = 0;
  triggered = false;

  constructor(
    readonly limit: number,
    private readonly window: RateWindow,
    /** Called once each time the limit triggers (Realtime logs then). */
    private readonly onTrigger: () => void,
  ) {
    this.ring = new Float64Array(window.buckets);
  }

  add(count = 1): void {
    this.current += count;
  }

  tick(): void {
    this.sum += this.current - (this.filled === this.ring.length ? (this.ring[this.next] as number) : 0);
    this.ring[this.next] = this.current;
    this.next = (this.next + 1) % this.ring.length;
    if (this.filled < this.ring.length) this.filled += 1;
    this.current = 0;
    this.avg = this.sum / this.filled / (this.window.tickMs / 1000);
    if (this.triggered) {
      if (this.avg < this.limit) this.triggered = false;
    } else if (this.avg >= this.limit) {
      this.triggered = true;
      this.onTrigger();
    }
  }
}

/** What realtime.stats() reports about the quotas. */
export interface RealtimeLimitStats {
  limits: RealtimeLimits;
  /** Sockets with at least one joined channel (what max_concurrent_users counts). */
  users: number;
  eventsPerSecond: number;
  joinsPerSecond: number;
  presenceEventsPerSecond: number;
  /** Which rate limits are in force right now. */
  triggered: { events: boolean; joins: boolean; presence: boolean };
}

/** The counters of one project (the local stack is one project). */
export class LimitCounters {
  readonly events: RateCounter;
  readonly joins: RateCounter;
  readonly presence: RateCounter;
  users = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly limits: RealtimeLimits,
    window: RateWindow,
    log: (line: string) => void,
  ) {
    this.events = new RateCounter(limits.maxEventsPerSecond, window, () =>
      log('MessagePerSecondRateLimitReached: Too many messages per second'),
    );
    this.joins = new RateCounter(limits.maxJoinsPerSecond, window, () =>
      log('ClientJoinRateLimitReached: Too many joins per second'),
    );
    this.presence = new RateCounter(limits.maxPresenceEventsPerSecond, window, () =>
      log('PresenceRateLimitReached: Too many presence events per second'),
    );
    this.timer = setInterval(() => {
      this.events.tick();
      this.joins.tick();
      this.presence.tick();
    }, window.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Realtime refuses presence syncs and tracks once the presence rate is above its limit. */
  overPresence(): boolean {
    return this.presence.avg > this.limits.maxPresenceEventsPerSecond;
  }

  stats(): RealtimeLimitStats {
    return {
      limits: { ...this.limits },
      users: this.users,
      eventsPerSecond: this.events.avg,
      joinsPerSecond: this.joins.avg,
      presenceEventsPerSecond: this.presence.avg,
      triggered: {
        events: this.events.triggered,
        joins: this.joins.triggered,
        presence: this.presence.triggered,
      },
    };
  }
}

/** The errors Realtime sends, word for word. */
export const LIMIT_ERRORS = {
  /** Upgrade refused with 429 (user_socket.ex) and a join's reason when a new socket would exceed it. */
  tooManyUsers: 'Too many connected users',
  tooManyUsersJoin: 'ConnectionRateLimitReached: Too many connected users',
  /** Upgrade refused with 429 while the join rate is triggered. */
  tooManyJoinsUpgrade: 'Too many joins per second',
  /** A join's reason; the socket is then disconnected. */
  tooManyJoins: 'ClientJoinRateLimitReached: Too many joins per second',
  tooManyChannels: 'ChannelRateLimitReached: Too many channels',
  /** The `system` message closing a channel that received a message over the rate. */
  tooManyMessages: 'Too many messages per second',
  /** The `system` message closing a channel that tracked or synced presence over the rate. */
  tooManyPresence: 'Too many presence messages per second',
  /** HTTP broadcast answers (429, `{ message }`). */
  httpRateLimit: 'You have exceeded your rate limit',
  httpBatchTooLarge: 'Too many messages to broadcast, please reduce the batch size',
} as const;

// Messages between the benchmark (which hosts the gateway) and the load generator process.

/** A request as supabase-js sends it, minus what changes per connection or device. */
export interface RequestTemplate {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export type Target = 'gateway' | 'direct';

export interface Setup {
  type: 'setup';
  apiUrl: string;
  authenticatorUrl: string;
  /** The direct baseline's pool: as many connections as the gateway's authenticator pool. */
  poolMax: number;
  devices: number;
  /** The device's local date, YYYY-MM-DD. */
  today: string;
  signup: RequestTemplate;
  rpc: RequestTemplate;
}

export interface Round {
  type: 'round';
  target: Target;
  devices: number;
  /** Unmeasured start: connections open and the first burst settles. */
  rampMs: number;
  measureMs: number;
  /** Open loop at this many pushes per second (Poisson arrivals); absent: each device pushes back to back. */
  ratePerSecond?: number;
}

export type ToLoader = Setup | Round | { type: 'stop' };

export interface SetupDone {
  type: 'ready';
  signupSeconds: number;
  registerSeconds: number;
}

export interface RoundResult {
  type: 'result';
  /** Pushes answered within the measured window. */
  pushes: number;
  seconds: number;
  /** Milliseconds per push answered within the window (open loop: from its scheduled arrival). */
  latenciesMs: number[];
  errors: number;
  firstError: string | null;
}

export type FromLoader = SetupDone | RoundResult | { type: 'failed'; message: string };

import pg from 'pg';
import { rssMiB } from '../lib/procfs.ts';

// What the stack holds: the PostgreSQL sessions it has open, and samplers that keep the peak of a
// reading (sessions, sessions waiting on locks, the gateway's resident memory) under load.

export interface Connections {
  total: number;
  /** Sessions blocked on a row or transaction lock at that moment. */
  waitingOnLocks: number;
  /** e.g. "authenticator: 3 idle, 1 active; postgres (devstack realtime listener): 1 idle" */
  detail: string;
}

export class ConnectionCounter {
  private constructor(private readonly client: pg.Client) {}

  static async open(superuserUrl: string): Promise<ConnectionCounter> {
    const client = new pg.Client({ connectionString: superuserUrl, application_name: 'fan-out bench probe' });
    await client.connect();
    return new ConnectionCounter(client);
  }

  /** The stack's client sessions (the benchmark's own probe and witness left out). */
  async count(): Promise<Connections> {
    const { rows } = await this.client.query<{ who: string; state: string; n: number }>(
      `select usename || coalesce(' (' || nullif(application_name, '') || ')', '') as who,
              coalesce(state, 'unknown') || case when state = 'active' and wait_event_type = 'Lock'
                then ' waiting on a lock (' || wait_event || ')' else '' end as state,
              count(*)::int as n
       from pg_stat_activity
       where backend_type = 'client backend' and application_name not like 'fan-out bench%'
       group by 1, 2
       order by 1, 2`,
    );
    const byWho = new Map<string, string[]>();
    for (const row of rows) byWho.set(row.who, [...(byWho.get(row.who) ?? []), `${row.n} ${row.state}`]);
    return {
      total: rows.reduce((sum, row) => sum + row.n, 0),
      waitingOnLocks: rows.reduce(
        (sum, row) => sum + (row.state.includes('waiting on a lock') ? row.n : 0),
        0,
      ),
      detail: [...byWho].map(([who, states]) => `${who}: ${states.join(', ')}`).join('; '),
    };
  }

  close(): Promise<void> {
    return this.client.end();
  }
}

/** Samples in the background and keeps the largest reading. */
export class PeakSampler<T> {
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  peak: T | null = null;

  constructor(
    private readonly read: () => T | Promise<T>,
    private readonly size: (value: T) => number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  async stop(): Promise<T | null> {
    clearInterval(this.timer);
    await this.sample();
    return this.peak;
  }

  private async sample(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const value = await this.read();
      if (this.peak === null || this.size(value) > this.size(this.peak)) this.peak = value;
    } catch {
      // A reading that fails (the process just exited) is simply skipped.
    } finally {
      this.busy = false;
    }
  }
}

/** Peaks of the gateway's RSS, of the stack's sessions and of sessions blocked on locks, until stopped. */
export function startLoadSamplers(gatewayPid: number, counter: ConnectionCounter) {
  const rss = new PeakSampler(
    () => rssMiB(gatewayPid),
    (v) => v,
    250,
  );
  const connections = new PeakSampler<Connections>(
    () => counter.count(),
    (v) => v.total,
    500,
  );
  const lockWaits = new PeakSampler<Connections>(
    () => counter.count(),
    (v) => v.waitingOnLocks,
    250,
  );
  for (const sampler of [rss, connections, lockWaits]) sampler.start();
  return {
    async stop() {
      return {
        rss: await rss.stop(),
        connections: await connections.stop(),
        lockWaits: await lockWaits.stop(),
      };
    },
  };
}

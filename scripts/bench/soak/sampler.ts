import { readdirSync } from 'node:fs';
import pg from 'pg';
import { rssMiB } from '../lib/procfs.ts';
import type { Sample } from './figures.ts';

// One sample of what a leak would grow: the gateway process's memory and descriptors (from /proc),
// and PostgreSQL's connections and stored realtime messages (over one connection held for the run,
// so the sampler itself adds a constant one to the count).

export class Sampler {
  private constructor(
    private readonly db: pg.Client,
    private readonly gatewayPid: number,
  ) {}

  static async open(dbUrl: string, gatewayPid: number): Promise<Sampler> {
    const db = new pg.Client({ connectionString: dbUrl, application_name: 'soak sampler' });
    await db.connect();
    return new Sampler(db, gatewayPid);
  }

  async take(at: number): Promise<Sample> {
    const { rows } = await this.db.query<{ connections: number; messages: number }>(
      `select (select count(*)::int from pg_catalog.pg_stat_activity where backend_type = 'client backend') as connections,
              (select count(*)::int from realtime.messages) as messages`,
    );
    const row = rows[0];
    if (row === undefined) throw new Error('the sample query returned no row');
    return {
      at,
      gatewayRssMiB: rssMiB(this.gatewayPid),
      gatewayFds: readdirSync(`/proc/${this.gatewayPid}/fd`).length,
      pgConnections: row.connections,
      realtimeMessages: row.messages,
    };
  }

  close(): Promise<void> {
    return this.db.end();
  }
}

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { authenticatorUrl, bootstrap } from '../db/bootstrap.ts';
import { startPostgres } from '../db/postgres.ts';
import { createGateway, type Gateway, type GatewayOptions } from './server.ts';

// Test support for the gateway suites: one throwaway PostgreSQL per file with a template database
// holding only Supabase's bootstrap (no app migrations: each test creates what it needs), and a fresh
// database plus gateway per test.

const TEMPLATE = 'gateway_template';

export interface GatewayTestCluster {
  /** A fresh database from the template and a gateway on a free port in front of it. */
  freshGateway(options?: Partial<GatewayOptions>): Promise<TestGateway>;
  stop(): Promise<void>;
}

export interface TestGateway {
  url: string;
  gateway: Gateway;
  /** Runs SQL as the superuser in this test's database. */
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  /** Runs SQL as the superuser, then reloads the gateway's schema cache. */
  migrate(text: string): Promise<void>;
  close(): Promise<void>;
}

export async function startGatewayTestCluster(): Promise<GatewayTestCluster> {
  const server = await startPostgres({ databaseUrl: '' });
  const urlFor = (database: string): string => {
    const url = new URL(server.connectionString);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = new pg.Client({ connectionString: server.connectionString });
  await admin.connect();
  await admin.query(`create database ${TEMPLATE}`);
  await bootstrap(urlFor(TEMPLATE));

  return {
    async freshGateway(options = {}) {
      const name = `t_${randomUUID().replaceAll('-', '')}`;
      await admin.query(`create database ${name} template ${TEMPLATE}`);
      const db = new pg.Pool({ connectionString: urlFor(name), max: 2 });
      db.on('error', () => {});
      let gateway: Gateway;
      try {
        gateway = await createGateway({
          databaseUrl: urlFor(name),
          authenticatorUrl: authenticatorUrl(urlFor(name)),
          port: 0,
          quiet: true,
          ...options,
        });
      } catch (error) {
        await db.end();
        await admin.query(`drop database if exists ${name} with (force)`);
        throw error;
      }
      return {
        url: gateway.url,
        gateway,
        sql: (text, values) => db.query(text, values),
        async migrate(text) {
          await db.query(text);
          await gateway.reloadSchema();
        },
        async close() {
          await gateway.close();
          await db.end();
          await admin.query(`drop database if exists ${name} with (force)`);
        },
      };
    },
    async stop() {
      await admin.end();
      await server.stop();
    },
  };
}

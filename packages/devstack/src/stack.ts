import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGateway, type Gateway, type GatewayOptions } from './gateway/server.ts';
import {
  DEFAULT_API_PORT,
  DEFAULT_DB_PORT,
  LOCAL_ANON_KEY,
  LOCAL_JWT_SECRET,
  LOCAL_SERVICE_ROLE_KEY,
} from './keys.ts';
import {
  applyMigrations,
  applySeed,
  type RunningDatabase,
  startEmbeddedDatabase,
  useExistingDatabase,
} from './stack-database.ts';

// The whole local Supabase in one call: PostgreSQL (embedded, or DATABASE_URL), bootstrap,
// migrations (+ seed), and the gateway serving /auth/v1, /rest/v1 and /realtime/v1.

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '..', '..', '..');
export const MIGRATIONS_DIR = join(REPO_ROOT, 'supabase', 'migrations');
export const SEED_FILE = join(REPO_ROOT, 'supabase', 'seed.sql');

export interface DevstackOptions {
  /** Default 54321; 0 picks a free port. */
  apiPort?: number;
  /** Default 54322 (embedded PostgreSQL only). */
  dbPort?: number;
  /** Where the embedded PostgreSQL keeps its data. Default `<repo>/.devstack`. */
  dataDir?: string;
  /** Use this server (a superuser URL) instead of starting one. Default: DATABASE_URL if set. */
  databaseUrl?: string;
  /** Start from an empty database (deletes the data directory). */
  reset?: boolean;
  /** Load supabase/seed.sql when the database is new. Default false. */
  seed?: boolean;
  migrationsDir?: string;
  seedFile?: string;
  /** Keep the data directory between runs. Default true. */
  persistent?: boolean;
  /** No request log and no progress lines. */
  quiet?: boolean;
  /** Progress and request lines (default: stdout). */
  log?: (line: string) => void;
  /** Passed to the gateway (token expiry, sign-up rate limit, pool size…). */
  gateway?: Partial<Omit<GatewayOptions, 'databaseUrl' | 'authenticatorUrl' | 'port'>>;
}

export interface Devstack {
  apiUrl: string;
  /** Superuser connection string (the `supabase start` "DB URL"). */
  dbUrl: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  /** The embedded PostgreSQL's data directory, or null with DATABASE_URL. */
  dataDir: string | null;
  gateway: Gateway;
  stop(): Promise<void>;
}

export async function startDevstack(opts: DevstackOptions = {}): Promise<Devstack> {
  const write = opts.quiet ? () => {} : (opts.log ?? ((line: string) => process.stdout.write(`${line}\n`)));
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL;
  const external = databaseUrl !== undefined && databaseUrl !== '';
  const dataDir = external ? null : (opts.dataDir ?? join(REPO_ROOT, '.devstack'));
  const db: RunningDatabase =
    external || dataDir === null
      ? await useExistingDatabase(databaseUrl ?? '', write)
      : await startEmbeddedDatabase({
          dataDir,
          port: opts.dbPort ?? DEFAULT_DB_PORT,
          reset: opts.reset ?? false,
          persistent: opts.persistent ?? true,
          log: write,
        });
  try {
    write('applying migrations…');
    await applyMigrations(db.superuserUrl, opts.migrationsDir ?? MIGRATIONS_DIR, write);
    if (opts.seed === true && db.created) await applySeed(db.superuserUrl, opts.seedFile ?? SEED_FILE, write);
    write('starting the API gateway…');
    const gateway = await createGateway({
      ...opts.gateway,
      databaseUrl: db.superuserUrl,
      authenticatorUrl: db.authenticatorUrl,
      port: opts.apiPort ?? DEFAULT_API_PORT,
      quiet: opts.quiet ?? opts.gateway?.quiet,
      log: opts.log ?? opts.gateway?.log,
    });
    let stopping: Promise<void> | null = null;
    return {
      apiUrl: gateway.url,
      dbUrl: db.superuserUrl,
      anonKey: opts.gateway?.anonKey ?? LOCAL_ANON_KEY,
      serviceRoleKey: opts.gateway?.serviceRoleKey ?? LOCAL_SERVICE_ROLE_KEY,
      jwtSecret: opts.gateway?.jwtSecret ?? LOCAL_JWT_SECRET,
      dataDir,
      gateway,
      stop() {
        stopping ??= (async () => {
          await gateway.close();
          await db.stop();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await db.stop().catch(() => {});
    throw error;
  }
}

export interface TestStackOptions {
  /** Load supabase/seed.sql. Default false. */
  seed?: boolean;
  /** Gateway settings; the sign-up rate limit defaults to 100,000 per hour here. */
  gateway?: DevstackOptions['gateway'];
  /** Print the request log. Default false. */
  verbose?: boolean;
}

/**
 * A stack for tests: free ports, a temporary data directory and a fresh database with every
 * migration applied. `stop()` removes the directory.
 */
export async function startTestStack(opts: TestStackOptions = {}): Promise<Devstack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'devstack-'));
  try {
    const stack = await startDevstack({
      apiPort: 0,
      dbPort: await freePort(),
      dataDir,
      databaseUrl: '',
      persistent: false,
      seed: opts.seed ?? false,
      quiet: !opts.verbose,
      gateway: { signupRateLimit: { max: 100_000, windowMs: 3_600_000 }, ...opts.gateway },
    });
    return {
      ...stack,
      async stop() {
        await stack.stop();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export { DEFAULT_API_PORT, DEFAULT_DB_PORT };

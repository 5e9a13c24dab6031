import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLocalSettings } from './config/load.ts';
import type { LocalSettings } from './config/settings.ts';
import { type CronScheduler, startCronScheduler } from './cron/scheduler.ts';
import { authenticatorUrl, bootstrap } from './db/bootstrap.ts';
import { migrate } from './db/migrate.ts';
import { type RunningPostgres, startPostgres } from './db/postgres.ts';
import { defaultMigrationsDir, defaultSeedFile, findRepoRoot } from './db/repo-root.ts';
import { createGateway, type Gateway, type GatewayOptions } from './gateway/server.ts';
import { DEFAULT_API_PORT, DEFAULT_DB_PORT } from './keys.ts';

// The whole local Supabase in one call: PostgreSQL (embedded, or DATABASE_URL), Supabase's bootstrap,
// migrations (+ seed), and the gateway serving /auth/v1, /rest/v1 and /realtime/v1. Its settings come
// from supabase/config.toml and supabase/devstack.toml (src/config); options given here win over them.

export const REPO_ROOT = findRepoRoot();

export interface DevstackOptions {
  /** Default: config.toml `[api] port` (54321); 0 picks a free port. */
  apiPort?: number;
  /** Default: config.toml `[db] port` (54322; embedded PostgreSQL only); 0 picks a free port. */
  dbPort?: number;
  /** The settings to run with. Default: read from `<repo>/supabase` (config.toml, devstack.toml). */
  settings?: LocalSettings;
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
  /** Run the jobs of `cron.job` (pg_cron's catalogue) in this process. Default true. */
  cron?: boolean;
  /** Passed to the gateway over what the settings give (token expiry, sign-up rate limit, pool size…). */
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
  /** The settings the stack runs with (before `gateway` overrides). */
  settings: LocalSettings;
  /** The pg_cron stand-in running `cron.job`, or null when disabled. */
  cron: CronScheduler | null;
  stop(): Promise<void>;
}

export async function startDevstack(opts: DevstackOptions = {}): Promise<Devstack> {
  const write = opts.quiet ? () => {} : (opts.log ?? ((line: string) => process.stdout.write(`${line}\n`)));
  const settings = opts.settings ?? loadLocalSettings({ supabaseDir: join(REPO_ROOT, 'supabase') });
  const databaseUrl = opts.databaseUrl ?? process.env.DATABASE_URL ?? '';
  const dataDir = databaseUrl !== '' ? null : (opts.dataDir ?? join(REPO_ROOT, '.devstack'));
  if (dataDir !== null && opts.reset === true) await rm(dataDir, { recursive: true, force: true });
  write(databaseUrl !== '' ? 'connecting to DATABASE_URL…' : `starting PostgreSQL (data in ${dataDir})…`);
  const db: RunningPostgres = await startPostgres({
    databaseUrl,
    dataDir: dataDir ?? undefined,
    // 0: any free port (startPostgres picks one and retries if it is taken meanwhile).
    port: databaseUrl !== '' || opts.dbPort === 0 ? undefined : (opts.dbPort ?? settings.db.port),
    persistent: opts.persistent ?? true,
  });
  try {
    write('bootstrapping Supabase roles and the auth and realtime schemas…');
    await bootstrap(db.connectionString, { log: write });
    write('applying migrations…');
    const { applied, seeded } = await migrate(db.connectionString, {
      migrationsDir: opts.migrationsDir ?? defaultMigrationsDir(),
      seed: opts.seed === true,
      seedFile: opts.seedFile ?? defaultSeedFile(),
      log: write,
    });
    write(`${applied.length} new migration(s)${seeded ? ', seed loaded' : ''}`);
    write('starting the API gateway…');
    const { auth } = settings;
    const gatewayOptions = {
      jwtSecret: auth.jwtSecret,
      anonKey: auth.anonKey,
      serviceRoleKey: auth.serviceRoleKey,
      accessTokenExpirySeconds: auth.jwtExpirySeconds,
      refreshTokenReuseIntervalMs: auth.refreshTokenReuseIntervalSeconds * 1000,
      signupRateLimit: { max: auth.anonymousUsersPerHour, windowMs: 3_600_000 },
      enableSignup: auth.enableSignup,
      enableAnonymousSignIns: auth.enableAnonymousSignIns,
      schemas: settings.api.schemas,
      maxRows: settings.api.maxRows,
      realtimeLimits: settings.realtime.limits,
      ...opts.gateway,
    };
    const gateway = await createGateway({
      ...gatewayOptions,
      databaseUrl: db.connectionString,
      authenticatorUrl: authenticatorUrl(db.connectionString),
      port: opts.apiPort ?? settings.api.port,
      quiet: opts.quiet ?? opts.gateway?.quiet,
      log: opts.log ?? opts.gateway?.log,
    });
    // After the migrations, which schedule their jobs; the gateway is up before the first run.
    const cron =
      opts.cron === false ? null : startCronScheduler({ connectionString: db.connectionString, log: write });
    let stopping: Promise<void> | null = null;
    return {
      apiUrl: gateway.url,
      dbUrl: db.connectionString,
      anonKey: gatewayOptions.anonKey,
      serviceRoleKey: gatewayOptions.serviceRoleKey,
      jwtSecret: gatewayOptions.jwtSecret,
      dataDir,
      gateway,
      settings,
      cron,
      stop() {
        stopping ??= (async () => {
          await cron?.close();
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
  /** Gateway settings over the file's; the sign-up rate limit defaults to 100,000 per hour here. */
  gateway?: DevstackOptions['gateway'];
  /** Print the request log. Default false. */
  verbose?: boolean;
  /** Default: supabase/config.toml and devstack.toml, as startDevstack reads them (ports are free ones). */
  settings?: LocalSettings;
  /** Run cron.job rows. Default true. */
  cron?: boolean;
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
      dbPort: 0,
      dataDir,
      databaseUrl: '',
      persistent: false,
      seed: opts.seed ?? false,
      quiet: !opts.verbose,
      settings: opts.settings,
      cron: opts.cron,
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

export { DEFAULT_API_PORT, DEFAULT_DB_PORT };

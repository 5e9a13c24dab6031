import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SupabaseClient } from '@supabase/supabase-js';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from './db/postgres.ts';
import { testClient } from './gateway/test-clients.ts';
import type { DevstackOptions } from './stack.ts';

// The local stack killed outright (SIGKILL to the gateway's process and PostgreSQL with it, as a
// power cut or an OOM kill would) and started again on the same data directory: every push a device
// saw acknowledged is still there, and a migration cut off halfway is applied again, once.

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const stackModule = fileURLToPath(new URL('./stack.ts', import.meta.url));

// The stack runs in a process of its own (its own process group, so one kill takes PostgreSQL too) and
// reports on stdout, one JSON object a line: progress lines, then ready (or the start's error).
const childScript = `
import { startDevstack } from ${JSON.stringify(stackModule)};
const say = (message) => process.stdout.write(JSON.stringify(message) + '\\n');
const options = JSON.parse(process.env.CRASH_STACK_OPTIONS);
try {
  const stack = await startDevstack({ ...options, log: (line) => say({ log: line }) });
  say({ ready: true, apiUrl: stack.apiUrl, dbUrl: stack.dbUrl, anonKey: stack.anonKey });
} catch (error) {
  say({ ready: false, code: error.code ?? null, message: String(error.message ?? error) });
  process.exit(1);
}
`;

interface Ready {
  apiUrl: string;
  dbUrl: string;
  anonKey: string;
}

interface StackProcess {
  readonly child: ChildProcess;
  readonly logs: string[];
  /** Resolves when the stack serves, rejects with its error when the start failed. */
  readonly ready: Promise<Ready>;
  readonly exited: Promise<void>;
  kill(): Promise<void>;
}

/** What one test started: its stack processes and temporary folders, all ended when it finishes. */
class Scope {
  readonly running = new Set<StackProcess>();
  readonly folders: string[] = [];

  async close(): Promise<void> {
    for (const stack of [...this.running]) await stack.kill();
    for (const folder of this.folders) await rm(folder, { recursive: true, force: true });
  }
}

function startStackProcess(scope: Scope, options: DevstackOptions): StackProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childScript], {
    cwd: packageDir,
    env: { ...process.env, CRASH_STACK_OPTIONS: JSON.stringify(options) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ready = new Promise<Ready>((resolve, reject) => {
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 1);
        const message = JSON.parse(line) as {
          log?: string;
          ready?: boolean;
          code?: string;
          message?: string;
        };
        if (message.log !== undefined) logs.push(message.log);
        else if (message.ready) resolve(message as unknown as Ready);
        else reject(new Error(`${message.code}: ${message.message}`));
      }
    });
    void exited.then(() => reject(new Error(`the stack process ended before it was ready\n${stderr}`)));
  });
  ready.catch(() => {});
  const stackProcess: StackProcess = {
    child,
    logs,
    ready,
    exited,
    async kill() {
      // The whole group: the gateway's Node process, the postmaster and every backend at once.
      if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
        process.kill(-child.pid, 'SIGKILL');
      }
      await exited;
      scope.running.delete(stackProcess);
    },
  };
  scope.running.add(stackProcess);
  return stackProcess;
}

async function tempDir(scope: Scope, prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  scope.folders.push(dir);
  return dir;
}

async function stackOptions(dataDir: string, extra: Partial<DevstackOptions> = {}): Promise<DevstackOptions> {
  return {
    apiPort: await freePort(),
    dbPort: await freePort(),
    dataDir,
    databaseUrl: '',
    // Durable like `npm start`'s stack (fsync and synchronous commit on), which is what is under test.
    persistent: true,
    gateway: { signupRateLimit: { max: 100_000, windowMs: 3_600_000 }, quiet: true },
    ...extra,
  };
}

async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const utcToday = () => new Date().toISOString().slice(0, 10);

interface Device {
  readonly client: SupabaseClient;
  readonly userId: string;
  /** The highest round the server acknowledged (its answer arrived), 0 before any. */
  acknowledged: number;
}

/** Round r of a device's day: r box breaths (4 XP, 16 s each), so every push raises every counter. */
const round = (r: number) => ({ day: utcToday(), xp: 4 * r, cycles: r, seconds: 16 * r });

/** One push of round r, answered or not within 5 s (a request the kill cut off must not hang the test). */
function push(device: Device, r: number) {
  return device.client
    .rpc('sync_progress', { days: [round(r)], today: utcToday(), device_kind: 'vscode' })
    .abortSignal(AbortSignal.timeout(5_000));
}

// Concurrent: each test has its own stack on its own ports, and most of their time is PostgreSQL
// starting, waiting on the disk.
describe.concurrent('crash safety of the local stack', () => {
  it('keeps every acknowledged push through a SIGKILL of the whole stack in the middle of pushes', async ({
    onTestFinished,
  }) => {
    const scope = new Scope();
    onTestFinished(() => scope.close());
    const options = await stackOptions(await tempDir(scope, 'crash-pushes-'));
    const first = startStackProcess(scope, options);
    const { apiUrl, anonKey } = await first.ready;

    const devices: Device[] = await Promise.all(
      Array.from({ length: 4 }, async () => {
        // supabase-js as the sync client drives it: an anonymous session kept in storage, sync_progress by RPC.
        const client = testClient(apiUrl, { key: anonKey });
        const { data, error } = await client.auth.signInAnonymously();
        if (error || !data.user) throw error ?? new Error('no user');
        return { client, userId: data.user.id, acknowledged: 0 };
      }),
    );
    // Each device pushes back to back until the server is gone; only answered pushes count.
    const pushing = devices.map(async (device) => {
      for (let r = 1; ; r++) {
        // A refused connection, a cut-off answer or the timeout: the server is gone.
        const { error } = await push(device, r);
        if (error) return;
        device.acknowledged = r;
      }
    });
    const total = () => devices.reduce((sum, d) => sum + d.acknowledged, 0);
    const deadline = Date.now() + 20_000;
    while (total() < 60) {
      if (Date.now() > deadline) throw new Error(`only ${total()} pushes acknowledged in 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.kill();
    await Promise.all(pushing);
    const acknowledged = devices.map((d) => d.acknowledged);

    const second = startStackProcess(scope, options);
    const { dbUrl } = await second.ready;
    for (const device of devices) {
      const rows = await query<{ xp: number; cycles: number; seconds: number }>(
        dbUrl,
        'select xp, cycles, seconds from public.daily_progress where device_id = $1 and day = $2',
        [device.userId, utcToday()],
      );
      // At least what was acknowledged: a push whose answer the kill cut off may have landed too.
      const { xp, cycles, seconds } = round(device.acknowledged);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.xp).toBeGreaterThanOrEqual(xp);
      expect(rows[0]?.cycles).toBeGreaterThanOrEqual(cycles);
      expect(rows[0]?.seconds).toBeGreaterThanOrEqual(seconds);
      expect(rows[0]?.cycles).toBeLessThanOrEqual(device.acknowledged + 1);
    }
    // The devices' sessions survived too: each pushes again, as the same device, without signing in anew.
    for (const device of devices) {
      const { data, error } = await push(device, device.acknowledged + 2);
      expect(error).toBeNull();
      expect((data as { device_count: number }).device_count).toBe(1);
      expect((await device.client.auth.getSession()).data.session?.user.id).toBe(device.userId);
    }
    expect(acknowledged.every((n) => n > 0)).toBe(true);
  }, 60_000);

  it('applies a migration cut off by a SIGKILL exactly once on the next start', async ({
    onTestFinished,
  }) => {
    const scope = new Scope();
    onTestFinished(() => scope.close());
    // Separate folders: the data directory goes to the postgres user, the migrations stay readable.
    const migrationsDir = await tempDir(scope, 'crash-migrations-');
    await writeFile(
      join(migrationsDir, '20000101000000_first.sql'),
      'create table public.crash_first (id int primary key);\n',
    );
    // Half done when the kill comes: the table exists and holds row 1 inside the open transaction.
    await writeFile(
      join(migrationsDir, '20000101000001_slow.sql'),
      [
        'create table public.crash_probe (id int primary key);',
        'insert into public.crash_probe values (1);',
        'select pg_sleep(2);',
        'insert into public.crash_probe values (2);',
        '',
      ].join('\n'),
    );
    const options = await stackOptions(await tempDir(scope, 'crash-migration-data-'), { migrationsDir });
    const superuser = `postgres://postgres:postgres@127.0.0.1:${options.dbPort}/postgres`;

    const first = startStackProcess(scope, options);
    // Wait until the slow migration is the statement running, then cut everything off.
    const sleeping = async () => {
      try {
        const rows = await query<{ n: number }>(
          superuser,
          `select count(*)::int as n from pg_catalog.pg_stat_activity where query like 'select pg_sleep(2)%' and state = 'active'`,
        );
        return (rows[0]?.n ?? 0) > 0;
      } catch {
        return false; // PostgreSQL not up yet
      }
    };
    const deadline = Date.now() + 30_000;
    while (!(await sleeping())) {
      if (Date.now() > deadline) throw new Error(`the slow migration never ran:\n${first.logs.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await first.kill();
    // PostgreSQL went down with the gateway's process (no orphaned postmaster holding the data directory).
    await expect(query(superuser, 'select 1')).rejects.toThrow();
    expect(first.logs).toContain('applied migration 20000101000000_first.sql');
    expect(first.logs).not.toContain('applied migration 20000101000001_slow.sql');

    const second = startStackProcess(scope, options);
    const { dbUrl } = await second.ready;
    expect(second.logs).not.toContain('applied migration 20000101000000_first.sql');
    expect(second.logs).toContain('applied migration 20000101000001_slow.sql');
    expect(
      await query(dbUrl, 'select version from supabase_migrations.schema_migrations order by version'),
    ).toEqual([{ version: '20000101000000' }, { version: '20000101000001' }]);
    expect(await query(dbUrl, 'select id from public.crash_probe order by id')).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
  }, 60_000);
});

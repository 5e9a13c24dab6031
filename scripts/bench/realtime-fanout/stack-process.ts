// The local stack in a process of its own, so that its resident memory is the gateway's alone and
// the load generators never share its event loop. Forked by the live-boards benchmark; stops the stack
// when told to, on a signal, or when the parent goes away. Its first argument (JSON, StackOptions)
// may name another migrations folder and gateway settings.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Devstack, DevstackOptions } from '@breath-master/devstack';
import type { FromStack, StackOptions } from './protocol.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as StackOptions;

// The request log would print every push and realtime logs every join and leave; the gateway's
// other lines (dropped sockets, lost listener, errors) are what explains a bad run, so those are kept.
const ROUTINE_LINE = /^\d\d:\d\d:\d\d ([A-Z]+ \/\S* \d{3} \d+ms|realtime: socket#\d+ (joined|left) .*)$/;

const send = (message: FromStack): void => {
  process.send?.(message);
};

// Handlers first, the stack's modules after: a stop sent while they load must not be missed. A
// stop asked for while the stack is still starting waits for it, so no PostgreSQL is left behind.
let resolveStarting: (stack: Promise<Devstack>) => void = () => {};
const starting = new Promise<Devstack>((resolve) => {
  resolveStarting = resolve;
});
let stopping: Promise<void> | null = null;

function stop(): Promise<void> {
  stopping ??= (async () => {
    try {
      const stack = await starting.catch(() => null);
      await stack?.stop();
    } finally {
      send({ type: 'stopped' });
      process.exit(0);
    }
  })();
  return stopping;
}

process.on('message', (message: { type?: string }) => {
  if (message.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

const { startDevstack, startTestStack } = await import('@breath-master/devstack');
const gateway: DevstackOptions['gateway'] = {
  ...options.gateway,
  log: (line) => {
    if (!ROUTINE_LINE.test(line)) process.stdout.write(`[gateway] ${line}\n`);
  },
};

/** startTestStack's stack (free ports, a temporary directory removed at stop) on other migrations. */
async function startOnMigrations(migrationsDir: string): Promise<Devstack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'devstack-'));
  try {
    const stack = await startDevstack({
      apiPort: 0,
      dbPort: 0,
      dataDir,
      databaseUrl: '',
      persistent: false,
      migrationsDir,
      gateway: { signupRateLimit: { max: 100_000, windowMs: 3_600_000 }, ...gateway },
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

resolveStarting(
  stopping !== null
    ? Promise.reject(new Error('stopped before the stack started'))
    : options.migrationsDir !== undefined
      ? startOnMigrations(options.migrationsDir)
      : startTestStack({ verbose: true, gateway }),
);

try {
  const stack = await starting;
  if (stopping === null)
    send({ type: 'ready', apiUrl: stack.apiUrl, dbUrl: stack.dbUrl, anonKey: stack.anonKey });
} catch (error) {
  if (stopping !== null) await stopping;
  send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}

// The load generator, a child process of sync-throughput.ts so that making requests never competes
// with the gateway's event loop. It signs the devices up, registers them with a first push, then runs
// the rounds it is sent, through the gateway or straight to PostgreSQL, and answers with raw samples.
import pg from 'pg';
import { addSession, createDevice, type Device, pushDays, windowDays } from './devices.ts';
import { HttpClient } from './http-client.ts';
import { closedLoop, openLoop, type Push } from './load.ts';
import type { FromLoader, Round, Setup, ToLoader } from './protocol.ts';

// The statement setPersona (@breath-master/devstack/testing) runs for a user, i.e. what the gateway
// sets per request minus the request.* settings nothing reads. That module also pulls in vitest.
const PERSONA_SQL = `select set_config('search_path', '"public", "extensions"', true),
  set_config('role', $1, true),
  set_config('request.jwt.claims', $2, true)`;
const CALL_SQL = 'select public.sync_progress(days => $1::jsonb, today => $2::date, device_kind => $3)::text';
const SETUP_CONCURRENCY = 50;

interface State {
  setup: Setup;
  devices: Device[];
  dayNames: string[];
  pool: pg.Pool;
}

let state: State | null = null;

function send(message: FromLoader): void {
  process.send?.(message);
}

/** Runs `task(i)` for i < count with at most `limit` at a time. */
async function limited(count: number, limit: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

function gatewayPush(s: State, http: HttpClient): Push {
  return async (index) => {
    const device = s.devices[index] as Device;
    addSession(device);
    const body = JSON.stringify({
      days: pushDays(device, s.dayNames),
      today: s.setup.today,
      device_kind: 'vscode',
    });
    await http.send(s.setup.rpc, body, device.accessToken);
  };
}

function directPush(s: State): Push {
  return async (index) => {
    const device = s.devices[index] as Device;
    addSession(device);
    const days = JSON.stringify(pushDays(device, s.dayNames));
    const client = await s.pool.connect();
    let broken = false;
    try {
      await client.query('begin');
      await client.query(PERSONA_SQL, ['authenticated', device.claimsJson]);
      await client.query(CALL_SQL, [days, s.setup.today, 'vscode']);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      client.release(broken);
    }
  };
}

async function prepare(setup: Setup): Promise<void> {
  const http = new HttpClient(setup.apiUrl);
  const tokens: string[] = new Array(setup.devices);
  const started = performance.now();
  await limited(setup.devices, SETUP_CONCURRENCY, async (i) => {
    const session = JSON.parse(
      await http.send(setup.signup, setup.signup.body, setup.signup.headers.apikey ?? ''),
    );
    if (typeof session.access_token !== 'string') throw new Error('sign-up answered without an access token');
    tokens[i] = session.access_token;
  });
  const signedUp = performance.now();
  const pool = new pg.Pool({ connectionString: setup.authenticatorUrl, max: setup.poolMax });
  // A backend lost at shutdown must not crash the process before it reports.
  pool.on('error', () => {});
  const s: State = {
    setup,
    devices: tokens.map((token, i) => createDevice(i, token)),
    dayNames: windowDays(setup.today),
    pool,
  };
  // The first push registers the device and creates its player, which no later push repeats.
  const push = gatewayPush(s, http);
  await limited(setup.devices, SETUP_CONCURRENCY, push);
  http.close();
  state = s;
  send({
    type: 'ready',
    signupSeconds: (signedUp - started) / 1000,
    registerSeconds: (performance.now() - signedUp) / 1000,
  });
}

async function runRound(round: Round): Promise<void> {
  if (!state) throw new Error('round before setup');
  if (round.devices > state.devices.length) throw new Error(`only ${state.devices.length} devices signed up`);
  const http = round.target === 'gateway' ? new HttpClient(state.setup.apiUrl) : null;
  try {
    const push = http ? gatewayPush(state, http) : directPush(state);
    const result =
      round.ratePerSecond === undefined
        ? await closedLoop(push, round.devices, round.rampMs, round.measureMs)
        : await openLoop(push, round.devices, round.ratePerSecond, round.rampMs, round.measureMs);
    send(result);
  } finally {
    http?.close();
  }
}

process.on('message', (message: ToLoader) => {
  const work =
    message.type === 'setup'
      ? prepare(message)
      : message.type === 'round'
        ? runRound(message)
        : (async () => {
            await state?.pool.end();
            process.exit(0);
          })();
  work.catch((error: unknown) => {
    send({
      type: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  });
});
// Orphaned (the benchmark died): nothing left to report to.
process.on('disconnect', () => process.exit(0));

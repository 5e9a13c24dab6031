import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { isDeadSessionError, syncErrorFromAuth } from './auth-errors.ts';
import { SyncError, syncErrorFromCall } from './errors.ts';
import type { SyncStorage } from './storage.ts';
import { clientInfo } from './version.ts';
import {
  assertPushable,
  type DayCounters,
  type MyProgress,
  type MyStats,
  type PairingCode,
  parseMyProgress,
  parseMyStats,
  parsePairingCode,
} from './wire.ts';

export interface SyncClientOptions {
  readonly url: string;
  readonly anonKey: string;
  /** Where the anonymous session is kept (SecretStorage in the extension, localStorage on the web). */
  readonly storage: SyncStorage;
  /** Sent with every push so the server can tell devices apart in `get_my_progress`. */
  readonly deviceKind?: string;
  readonly storageKey?: string;
  /** Abort a request that has not answered by then; a lost response must not hang a push forever. */
  readonly requestTimeoutMs?: number;
  readonly fetch?: typeof fetch;
  /** Passed to realtime-js unchanged (the dashboard gives `{ transport: ws }` under Node). */
  readonly realtime?: Record<string, unknown>;
}

export interface SyncClient {
  /** The current supabase-js client (it is rebuilt when the identity is reset). */
  readonly supabase: SupabaseClient;
  /** The anonymous user id of this device, signing in when there is no usable session. */
  ensureSession(): Promise<string>;
  hasSession(): Promise<boolean>;
  /** Sends this device's counters (at most 31 days) and returns the player's stats. */
  push(days: readonly DayCounters[], today: string): Promise<MyStats>;
  pull(days?: number): Promise<MyProgress>;
  createPairingCode(): Promise<PairingCode>;
  /** Moves this device, with its daily rows, to the player that created the code. */
  redeemPairingCode(code: string): Promise<MyStats>;
  setLeaderboardVisibility(visible: boolean): Promise<MyStats>;
  regenerateHandle(): Promise<MyStats>;
  /**
   * Counts this device in "breathing now" for 90 s (`true`, repeated every 60 s while a session runs)
   * or stops counting it (`false`). A device that never signed in is left alone: announcing a
   * breath is not worth creating a device for, so nothing is sent and it resolves to false.
   */
  setBreathing(active: boolean): Promise<boolean>;
  exportMyData(): Promise<unknown>;
  /** Deletes everything the server holds about this player, then forgets the local session. */
  deleteMyData(): Promise<void>;
  /** Drops the local session without telling the server (used when sync is turned off). */
  forgetSession(): Promise<void>;
}

export const defaultStorageKey = 'breath-master-auth';

/**
 * supabase-js builds its realtime client eagerly and refuses to start on Node 20 (no global
 * WebSocket) without a transport. Hosts that never subscribe (the extension) get this stand-in,
 * which fails loudly only if something does try to open a socket.
 */
class RealtimeNotConfigured {
  constructor() {
    throw new Error('realtime is not configured for this sync client: pass options.realtime.transport');
  }
}

function realtimeOptions(options: SyncClientOptions): Record<string, unknown> | undefined {
  if (options.realtime) return options.realtime;
  return typeof globalThis.WebSocket === 'undefined' ? { transport: RealtimeNotConfigured } : undefined;
}

function timeoutFetch(base: typeof fetch, ms: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

/** Normalises what a person types: codes are case-insensitive and often pasted with spaces or dashes. */
export function normalisePairingCode(raw: string): string {
  const code = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z0-9]{4,16}$/.test(code)) {
    throw new SyncError('pairing_code_invalid', 'final', 0, 'a pairing code is 8 letters or digits');
  }
  return code;
}

export function createSyncClient(options: SyncClientOptions): SyncClient {
  const storageKey = options.storageKey ?? defaultStorageKey;
  const deviceKind = options.deviceKind ?? 'vscode';
  const fetchImpl = timeoutFetch(options.fetch ?? fetch, options.requestTimeoutMs ?? 15_000);

  const realtime = realtimeOptions(options);
  const build = (): SupabaseClient =>
    createClient(options.url, options.anonKey, {
      auth: {
        storage: options.storage,
        storageKey,
        persistSession: true,
        // Tokens are refreshed on use (getSession refreshes an expiring one), so an idle editor
        // makes no background requests at all.
        autoRefreshToken: false,
        detectSessionInUrl: false,
      },
      // Replaces supabase-js's own X-Client-Info (same key, so one value): the server reads this client's
      // version from it and answers client_outdated when it is below the supported floor.
      global: { fetch: fetchImpl, headers: { 'X-Client-Info': clientInfo } },
      ...(realtime ? { realtime } : {}),
    });
  let supabase = build();

  // One operation at a time: two concurrent first calls must not create two anonymous devices.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(job: () => Promise<T>): Promise<T> => {
    const next = queue.then(job, job);
    queue = next.catch(() => undefined);
    return next;
  };

  async function forget(): Promise<void> {
    await options.storage.removeItem(storageKey);
    await options.storage.removeItem(`${storageKey}-code-verifier`);
    supabase = build();
  }

  async function signIn(): Promise<string> {
    const { data, error } = await supabase.auth.signInAnonymously();
    if (error || !data.user) throw syncErrorFromAuth(error ?? new Error('no user in the sign-in answer'));
    return data.user.id;
  }

  async function session(): Promise<string> {
    const { data, error } = await supabase.auth.getSession();
    if (error) {
      // A refresh that failed for good means the server forgot this device: start a new one.
      // The new device belongs to a new player; the old link cannot be recovered without a
      // pairing code (see ARCHITECTURE.md, Identity).
      if (!isDeadSessionError(error)) throw syncErrorFromAuth(error);
      await forget();
      return signIn();
    }
    if (data.session) return data.session.user.id;
    return signIn();
  }

  /** The server refused the token (stale, missing, or its user is gone). */
  const isAuthRejection = (err: SyncError): boolean =>
    err.code === 'unauthorized' || err.code === 'forbidden' || err.code === 'not_authenticated';

  async function rpcOnce(fn: string, args: Record<string, unknown>): Promise<unknown> {
    await session();
    const { data, error, status } = await supabase.rpc(fn, args);
    if (error) throw syncErrorFromCall({ status, error });
    return data;
  }

  /** Calls an RPC, re-authenticating once (refresh, else a new sign-in) when the token is refused. */
  async function rpc(fn: string, args: Record<string, unknown> = {}): Promise<unknown> {
    try {
      return await rpcOnce(fn, args);
    } catch (e) {
      if (!(e instanceof SyncError) || !isAuthRejection(e)) throw e;
    }
    const { error } = await supabase.auth.refreshSession();
    if (error) {
      if (!isDeadSessionError(error)) throw syncErrorFromAuth(error);
      await forget();
    }
    try {
      return await rpcOnce(fn, args);
    } catch (e) {
      if (e instanceof SyncError && isAuthRejection(e))
        throw new SyncError(e.code, 'final', e.status, e.message);
      throw e;
    }
  }

  return {
    get supabase() {
      return supabase;
    },
    ensureSession: () => exclusive(session),
    hasSession: () =>
      exclusive(async () => {
        const raw = await options.storage.getItem(storageKey);
        return raw !== null;
      }),
    push: (days, today) =>
      exclusive(async () => {
        assertPushable(days, today);
        // Counters only grow, so flooring keeps them monotone while giving the server integers.
        const payload = days.map((d) => ({
          day: d.day,
          xp: Math.floor(d.xp),
          cycles: Math.floor(d.cycles),
          seconds: Math.floor(d.seconds),
        }));
        return parseMyStats(await rpc('sync_progress', { days: payload, today, device_kind: deviceKind }));
      }),
    pull: (days = 365) => exclusive(async () => parseMyProgress(await rpc('get_my_progress', { days }))),
    createPairingCode: () => exclusive(async () => parsePairingCode(await rpc('create_pairing_code'))),
    redeemPairingCode: (code) =>
      exclusive(async () =>
        parseMyStats(
          await rpc('redeem_pairing_code', { code: normalisePairingCode(code), device_kind: deviceKind }),
        ),
      ),
    setLeaderboardVisibility: (visible) =>
      exclusive(async () => parseMyStats(await rpc('set_leaderboard_visibility', { visible }))),
    regenerateHandle: () => exclusive(async () => parseMyStats(await rpc('regenerate_handle'))),
    setBreathing: (active) =>
      exclusive(async () => {
        if ((await options.storage.getItem(storageKey)) === null) return false;
        await rpc('set_breathing', { active });
        return true;
      }),
    exportMyData: () => exclusive(() => rpc('export_my_data')),
    deleteMyData: () =>
      exclusive(async () => {
        await rpc('delete_my_data');
        await forget();
      }),
    forgetSession: () => exclusive(forget),
  };
}

import { wallNow } from './protocol.ts';

// Devices as the gateway sees them: anonymous sign-ups through /auth/v1 and RPCs through
// /rest/v1, over plain fetch so a push's timing is the request's own and not a client library's.

export interface Api {
  url: string;
  anonKey: string;
}

export interface Device {
  userId: string;
  token: string;
}

const SETUP_CONCURRENCY = 8;

export async function signUp(api: Api): Promise<Device> {
  const res = await fetch(`${api.url}/auth/v1/signup`, {
    method: 'POST',
    headers: { apikey: api.anonKey, 'content-type': 'application/json' },
    body: JSON.stringify({ data: {} }),
  });
  const body = (await res.json()) as { access_token?: string; user?: { id?: string } };
  if (!res.ok || !body.access_token || !body.user?.id)
    throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(body)}`);
  return { userId: body.user.id, token: body.access_token };
}

export class RpcError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Calls an RPC as the device; resolves with the response's arrival time (headers) and its body. */
export async function rpc<T>(
  api: Api,
  device: Device,
  name: string,
  args: Record<string, unknown>,
): Promise<{ body: T; respondedAt: number }> {
  const res = await fetch(`${api.url}/rest/v1/rpc/${name}`, {
    method: 'POST',
    headers: {
      apikey: api.anonKey,
      authorization: `Bearer ${device.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(args),
  });
  const respondedAt = wallNow();
  const text = await res.text();
  if (!res.ok) throw new RpcError(res.status, `${name} failed: ${res.status} ${text}`);
  return { body: (text === '' ? undefined : JSON.parse(text)) as T, respondedAt };
}

/** Runs `task` over `items` with a few requests in flight, keeping the order of results. */
export async function mapLimited<I, O>(items: readonly I[], task: (item: I, index: number) => Promise<O>) {
  const out: O[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      out[index] = await task(items[index] as I, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SETUP_CONCURRENCY, items.length) }, worker));
  return out;
}

export const utcToday = (): string => new Date().toISOString().slice(0, 10);

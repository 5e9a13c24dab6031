import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from '@supabase/supabase-js';
import type { RequestTemplate } from './protocol.ts';

// The load generator speaks raw HTTP (supabase-js per simulated device would make the load generator
// the bottleneck), so it replays what the installed supabase-js puts on the wire: both requests are
// recorded here from the real client against a throwaway server, and only the token changes per device.

// Set per connection or per request by the HTTP client itself.
const PER_CONNECTION = new Set(['host', 'connection', 'content-length']);

function template(req: IncomingMessage, body: string): RequestTemplate {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && !PER_CONNECTION.has(name)) headers[name] = String(value);
  }
  return { method: req.method ?? 'GET', path: (req.url ?? '/').split('?')[0] ?? '/', headers, body };
}

/** What supabase-js sends for `signInAnonymously()` and for `rpc('sync_progress', …)`. */
export async function captureSupabaseRequests(
  anonKey: string,
  sampleArgs: Record<string, unknown>,
): Promise<{ signup: RequestTemplate; rpc: RequestTemplate }> {
  const seen = new Map<string, RequestTemplate>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      const isAuth = (req.url ?? '').startsWith('/auth/');
      seen.set(isAuth ? 'signup' : 'rpc', template(req, body));
      res.setHeader('content-type', 'application/json');
      res.end(
        isAuth
          ? JSON.stringify({
              access_token: 'captured.access.token',
              refresh_token: 'captured',
              token_type: 'bearer',
              expires_in: 3600,
              expires_at: Math.floor(Date.now() / 1000) + 3600,
              user: { id: '00000000-0000-0000-0000-000000000000', aud: 'authenticated', is_anonymous: true },
            })
          : '{}',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const client = createClient(`http://127.0.0.1:${port}`, anonKey, {
      auth: { persistSession: false, autoRefreshToken: false },
    });
    const signIn = await client.auth.signInAnonymously();
    if (signIn.error) throw signIn.error;
    const call = await client.rpc('sync_progress', sampleArgs);
    if (call.error) throw new Error(call.error.message);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const signup = seen.get('signup');
  const rpc = seen.get('rpc');
  if (!signup || !rpc) throw new Error('supabase-js did not send the expected requests');
  return { signup, rpc };
}

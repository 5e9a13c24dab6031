import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What the proxy does with one request:
 * - `pass`: forward and relay the answer;
 * - `refuse`: close the connection without forwarding (the client sees a network error, nothing reached the server);
 * - `drop_response`: forward, let the server finish, then close the connection instead of answering
 *   (the server did the work, the client believes it failed);
 * - `duplicate`: forward the request twice, one after the other, and relay the second answer;
 * - `delay`: hold the request for `ms` before forwarding (lets a later request overtake it).
 */
export type Fault =
  | { readonly kind: 'pass' }
  | { readonly kind: 'refuse' }
  | { readonly kind: 'drop_response' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'delay'; readonly ms: number };

export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  /** 0-based count of requests seen by the proxy. */
  readonly index: number;
}

export type FaultRule = (request: ProxiedRequest) => Fault;

export interface FaultProxy {
  readonly url: string;
  setRule(rule: FaultRule): void;
  /** Every request seen, with the fault applied and the status the server gave (0 if not forwarded). */
  readonly log: { request: ProxiedRequest; fault: Fault['kind']; status: number }[];
  stop(): Promise<void>;
}

export const pass: FaultRule = () => ({ kind: 'pass' });

function forward(
  target: URL,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: target.hostname, port: target.port, method, path, headers: { ...headers, host: target.host } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** An HTTP proxy on a free port that sits between a client and the local stack and misbehaves on demand. */
export async function startFaultProxy(targetUrl: string): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  let rule: FaultRule = pass;
  let index = 0;
  const log: FaultProxy['log'] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', index: index++ };
      const fault = rule(request);
      const entry = { request, fault: fault.kind, status: 0 };
      log.push(entry);
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers };
      delete headers['content-length'];
      headers['content-length'] = String(body.length);
      try {
        if (fault.kind === 'refuse') {
          req.socket.destroy();
          return;
        }
        if (fault.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
        let answer = await forward(target, request.method, request.path, headers, body);
        if (fault.kind === 'duplicate')
          answer = await forward(target, request.method, request.path, headers, body);
        entry.status = answer.status;
        if (fault.kind === 'drop_response') {
          req.socket.destroy();
          return;
        }
        const out = { ...answer.headers };
        delete out['transfer-encoding'];
        out['content-length'] = String(answer.body.length);
        res.writeHead(answer.status, out);
        res.end(answer.body);
      } catch {
        // The stack itself is down (e.g. restarting): the client sees the connection drop, as it would.
        req.socket.destroy();
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setRule: (r) => {
      rule = r;
    },
    log,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

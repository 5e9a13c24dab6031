// A reverse proxy on 127.0.0.1 that forwards every request (and WebSocket upgrade) to one target
// and keeps a copy of what the client sent: method, path, query, headers and body bytes, plus the
// frames a client writes on an upgraded socket. The privacy spec points the extension at it as its
// sync server, so every byte that leaves the editor passes through here and can be checked.
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Bytes the client wrote after an upgrade (WebSocket frames, still masked as sent). */
  readonly upgradeBytes: Buffer[];
}

export interface RecordingProxy {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

function split(url: string): { path: string; query: string } {
  const at = url.indexOf('?');
  return at < 0 ? { path: url, query: '' } : { path: url.slice(0, at), query: url.slice(at + 1) };
}

export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        ...split(req.url ?? ''),
        headers: req.headers,
        body,
        upgradeBytes: [],
      });
      const forward = request(
        {
          hostname: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (e) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`recording proxy: ${e.message}`);
      });
      forward.end(body);
    });
  });

  // A WebSocket upgrade is passed on as raw bytes both ways; what the client writes is kept.
  server.on('upgrade', (req, client: Socket, head: Buffer) => {
    const upgradeBytes: Buffer[] = head.length ? [Buffer.from(head)] : [];
    requests.push({
      method: req.method ?? '',
      ...split(req.url ?? ''),
      headers: req.headers,
      body: Buffer.alloc(0),
      upgradeBytes,
    });
    const remote = connect(Number(upstream.port), upstream.hostname, () => {
      const lines = [`${req.method} ${req.url} HTTP/1.1`];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i] as string;
        const value = name.toLowerCase() === 'host' ? upstream.host : req.rawHeaders[i + 1];
        lines.push(`${name}: ${value}`);
      }
      remote.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) remote.write(head);
      client.on('data', (c: Buffer) => upgradeBytes.push(Buffer.from(c)));
      client.pipe(remote);
      remote.pipe(client);
    });
    for (const s of [client, remote]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      // A reset on one side ends the other; the error itself is the peer going away.
      s.on('error', () => {
        client.destroy();
        remote.destroy();
      });
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('recording proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const s of sockets) s.destroy();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/**
 * The payloads of WebSocket frames a client sent (RFC 6455: client frames are masked). Text and
 * binary frames only; a frame cut across two recorded chunks is read from their concatenation.
 */
export function clientFramePayloads(bytes: readonly Buffer[]): Buffer[] {
  const data = Buffer.concat(bytes);
  const payloads: Buffer[] = [];
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = (data[at] as number) & 0x0f;
    const masked = ((data[at + 1] as number) & 0x80) !== 0;
    let length = (data[at + 1] as number) & 0x7f;
    let offset = at + 2;
    if (length === 126) {
      length = data.readUInt16BE(offset);
      offset += 2;
    } else if (length === 127) {
      length = Number(data.readBigUInt64BE(offset));
      offset += 8;
    }
    const mask = masked ? data.subarray(offset, offset + 4) : null;
    if (masked) offset += 4;
    if (offset + length > data.length) break;
    const payload = Buffer.from(data.subarray(offset, offset + length));
    if (mask)
      for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
    if (opcode === 1 || opcode === 2 || opcode === 0) payloads.push(payload);
    at = offset + length;
  }
  return payloads;
}

// The recording proxy against a real HTTP server and a real WebSocket server: answers come back
// unchanged, and what the client sent (body, headers, query, frames) is kept byte for byte.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { clientFramePayloads, type RecordingProxy, startRecordingProxy } from './recording-proxy.ts';

describe('recording proxy', () => {
  let upstream: Server;
  let sockets: WebSocketServer;
  let proxy: RecordingProxy;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json', 'x-upstream': 'yes' });
        res.end(
          JSON.stringify({ url: req.url, host: req.headers.host, got: Buffer.concat(chunks).toString() }),
        );
      });
    });
    sockets = new WebSocketServer({ server: upstream });
    sockets.on('connection', (ws) => ws.on('message', (m) => ws.send(`echo ${m.toString()}`)));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const address = upstream.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    proxy = await startRecordingProxy(`http://127.0.0.1:${address.port}`);
  });
  afterAll(async () => {
    await proxy?.close();
    sockets?.close();
    await new Promise((r) => upstream?.close(r));
  });

  it('forwards a request and its answer, and records method, path, query, headers and body', async () => {
    const response = await fetch(`${proxy.url}/rest/v1/rpc/f?a=1&b=two`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', apikey: 'k' },
      body: '{"x":1}',
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-upstream')).toBe('yes');
    const answer = (await response.json()) as { url: string; host: string; got: string };
    expect(answer.url).toBe('/rest/v1/rpc/f?a=1&b=two');
    expect(answer.got).toBe('{"x":1}');
    expect(answer.host).not.toBe(new URL(proxy.url).host);
    const recorded = proxy.requests.at(-1);
    expect(recorded).toMatchObject({ method: 'POST', path: '/rest/v1/rpc/f', query: 'a=1&b=two' });
    expect(recorded?.headers.apikey).toBe('k');
    expect(recorded?.body.toString()).toBe('{"x":1}');
  });

  it('passes a WebSocket through and records the frames the client sent, unmasked', async () => {
    const ws = new WebSocket(`${proxy.url.replace('http', 'ws')}/realtime/v1/websocket?vsn=1.0.0`);
    const reply = new Promise<string>((resolve, reject) => {
      ws.once('message', (m) => resolve(m.toString()));
      ws.once('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const long = 'y'.repeat(300);
    ws.send(`hello ${long}`);
    expect(await reply).toBe(`echo hello ${long}`);
    ws.close();
    const recorded = proxy.requests.find((r) => r.path === '/realtime/v1/websocket');
    expect(recorded?.query).toBe('vsn=1.0.0');
    const frames = clientFramePayloads(recorded?.upgradeBytes ?? []).map((b) => b.toString());
    expect(frames).toContain(`hello ${long}`);
  });

  it('answers 502 when the target is gone, and still records the request', async () => {
    const gone = await startRecordingProxy('http://127.0.0.1:1');
    try {
      const response = await fetch(`${gone.url}/auth/v1/user`);
      expect(response.status).toBe(502);
      expect(gone.requests.map((r) => r.path)).toEqual(['/auth/v1/user']);
    } finally {
      await gone.close();
    }
  });
});

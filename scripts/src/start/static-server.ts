import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

// Serves the built dashboard: files from its dist directory, and index.html for any other path so the
// client-side router can take it (single-page app fallback).

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function serveStatic(root: string, port: number, host = '127.0.0.1'): Promise<StaticServer> {
  const base = normalize(root);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(400).end();
      return;
    }
    void resolveFile(file, join(base, 'index.html')).then((found) => {
      if (found === null) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      // Hashed assets can be cached for good; index.html must be re-read to pick up a new build.
      const cache = found.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
      res.writeHead(200, {
        'Content-Type': TYPES[extname(found)] ?? 'application/octet-stream',
        'Cache-Control': cache,
      });
      if (req.method === 'HEAD') res.end();
      else createReadStream(found).pipe(res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function resolveFile(file: string, fallback: string): Promise<string | null> {
  const info = await stat(file).catch(() => null);
  if (info?.isFile()) return file;
  // A missing file with an extension is a real 404 (a stale asset), not a route.
  if (extname(file) !== '') return null;
  const index = await stat(fallback).catch(() => null);
  return index?.isFile() ? fallback : null;
}

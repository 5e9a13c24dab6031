import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

// The FCP baseline: the cheapest page that still paints text, served by the same server as the app
// so the ratio leaves out the server, the browser's start and the connection.
export const TRIVIAL_PATH = '/__bench/trivial.html';
const trivialPage =
  '<!doctype html><html lang="en"><head><meta charset="UTF-8"><title>baseline</title></head><body><p>Breathe in.</p></body></html>';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a built single-page app like the dashboard's e2e server (unknown paths get index.html,
 * uncompressed, `no-cache`), plus the baseline page. Uncompressed on purpose: sizes are gzipped by
 * the benchmark itself at one fixed level, so they do not depend on a server's settings.
 */
export async function serveStatic(root: string): Promise<StaticServer> {
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === TRIVIAL_PATH) {
      res.writeHead(200, { 'content-type': types['.html'] ?? '', 'cache-control': 'no-cache' });
      res.end(trivialPage);
      return;
    }
    const path = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    const found = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found) file = join(root, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': types[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      res.end(body);
    } catch (e) {
      res.writeHead(500).end(String(e));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

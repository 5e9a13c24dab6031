// The web dashboard for the editor suite: built from the current source into a folder of its own,
// never dashboard/dist (that one is `npm start`'s, and a stale or test-pointed build there would
// be served to users or tested by mistake). The page is pointed at the test stack with `?api=`.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type StaticServer, serveStatic } from '../src/start/static-server.ts';
import { repoRoot } from './install-code-server.ts';

export interface TestDashboard {
  url(apiUrl: string): string;
  close(): Promise<void>;
}

function build(outDir: string): Promise<void> {
  // The default API address is built in; the test stack's comes with ?api=.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITE_')));
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(
      'npm',
      ['run', 'build', '-w', '@breath-master/dashboard', '--', '--outDir', outDir, '--emptyOutDir'],
      { cwd: repoRoot, env: { ...env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`dashboard build exited ${code}:\n${output.slice(-2000)}`)),
    );
  });
}

export async function startTestDashboard(): Promise<TestDashboard> {
  const outDir = await mkdtemp(join(tmpdir(), 'bm-vscode-dashboard-'));
  let server: StaticServer;
  try {
    await build(outDir);
    server = await serveStatic(outDir, 0);
  } catch (error) {
    await rm(outDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: (apiUrl) => `${server.url}/?api=${encodeURIComponent(apiUrl)}`,
    async close() {
      await server.close();
      await rm(outDir, { recursive: true, force: true });
    },
  };
}

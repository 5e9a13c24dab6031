import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type StaticServer, serveStatic } from './static-server.ts';

// The built dashboard for `npm start`: built on first use (pointed at the local API), then served
// with a single-page-app fallback.

export type DashboardOutcome = { ok: true; server: StaticServer } | { ok: false; reason: string };

export async function startDashboard(opts: {
  repoRoot: string;
  port: number;
  apiUrl: string;
  anonKey: string;
  rebuild: boolean;
  log: (line: string) => void;
}): Promise<DashboardOutcome> {
  const dir = join(opts.repoRoot, 'dashboard');
  const dist = join(dir, 'dist');
  if (opts.rebuild || !existsSync(join(dist, 'index.html'))) {
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
    };
    const build = manifest.scripts?.build ?? '';
    if (!/\bvite\b/.test(build))
      return { ok: false, reason: 'the dashboard has no build yet (its build script does not run Vite)' };
    opts.log('building the dashboard (first start only)…');
    const { code, output } = await run(
      'npm',
      ['run', 'build', '-w', '@breath-master/dashboard'],
      opts.repoRoot,
      {
        VITE_SUPABASE_URL: opts.apiUrl,
        VITE_SUPABASE_ANON_KEY: opts.anonKey,
      },
    );
    if (code !== 0 || !existsSync(join(dist, 'index.html'))) {
      const tail = output
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('npm warn'))
        .slice(-8);
      for (const line of tail) opts.log(`  dashboard build: ${line}`);
      return {
        ok: false,
        reason: `the dashboard build failed (exit ${code}); run npm run build -w @breath-master/dashboard to see why`,
      };
    }
  }
  try {
    return { ok: true, server: await serveStatic(dist, opts.port) };
  } catch (error) {
    return {
      ok: false,
      reason: `could not serve it on port ${opts.port}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Runs a command, keeping its output to show when it fails. */
function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', (error) => resolve({ code: -1, output: error.message }));
    child.on('close', (code) =>
      resolve({ code: code ?? -1, output: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

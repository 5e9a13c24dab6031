import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestStack } from '@breath-master/devstack';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { apiUrl: string; anonKey: string; serviceRoleKey: string; appUrl: string };
  }
}

const dashboardRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * One stack (with the demo seed, so boards look real) and one build served statically, for every e2e file.
 * The build goes to a directory of its own, not dist/: another build there while the tests run (the
 * size check, a benchmark, `npm run build`) would swap the hashed chunks under a page that already
 * loaded index.html, and its lazy route would never arrive.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Vitest sets NODE_ENV=test, which would give React's development build: test what ships.
  process.env.NODE_ENV = 'production';
  const outDir = await mkdtemp(join(tmpdir(), 'bm-dashboard-e2e-'));
  try {
    await build({
      root: dashboardRoot,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
    const [stack, app] = await Promise.all([startTestStack({ seed: true }), serveStatic(outDir)]);
    project.provide('e2e', {
      apiUrl: stack.apiUrl,
      anonKey: stack.anonKey,
      serviceRoleKey: stack.serviceRoleKey,
      appUrl: app.url,
    });
    return async () => {
      await app.close();
      await stack.stop();
      await rm(outDir, { recursive: true, force: true });
    };
  } catch (e) {
    await rm(outDir, { recursive: true, force: true });
    throw e;
  }
}

import { fileURLToPath } from 'node:url';
import { startTestStack } from '@breath-master/devstack';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { serveStatic } from './static-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: { apiUrl: string; anonKey: string; appUrl: string };
  }
}

const dashboardRoot = fileURLToPath(new URL('..', import.meta.url));

/** One stack (with the demo seed, so boards look real) and one build served statically, for every e2e file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Vitest sets NODE_ENV=test, which would give React's development build: test what ships.
  process.env.NODE_ENV = 'production';
  await build({ root: dashboardRoot, mode: 'production', logLevel: 'warn' });
  const [stack, app] = await Promise.all([
    startTestStack({ seed: true }),
    serveStatic(fileURLToPath(new URL('../dist', import.meta.url))),
  ]);
  project.provide('e2e', { apiUrl: stack.apiUrl, anonKey: stack.anonKey, appUrl: app.url });
  return async () => {
    await app.close();
    await stack.stop();
  };
}

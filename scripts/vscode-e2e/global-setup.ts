// Once per run: code-server installed (cached after the first run) and the extension packaged.
// Each test file then starts its own editor from these (a few seconds), so files stay independent.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureCodeServer } from './install-code-server.ts';
import { packageExtension } from './package-extension.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    codeServerBin: string;
    vsix: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const codeServerBin = await ensureCodeServer();
  const dir = mkdtempSync(join(tmpdir(), 'bm-vsix-'));
  const vsix = packageExtension(dir);
  project.provide('codeServerBin', codeServerBin);
  project.provide('vsix', vsix);
  return () => rmSync(dir, { recursive: true, force: true });
}

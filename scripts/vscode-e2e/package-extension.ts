// Builds the extension's .vsix exactly as it ships (`npm run package -w breath-master`) and copies
// it out of the extension's dist/ so a rebuild there cannot change it under a running suite.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './install-code-server.ts';

export const builtVsix = join(repoRoot, 'extension', 'dist', 'breath-master.vsix');

export function packageExtension(intoDir: string): string {
  const run = spawnSync('npm', ['run', 'package', '-w', 'breath-master'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  if (run.status !== 0 || !existsSync(builtVsix)) {
    throw new Error(`packaging the extension failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  mkdirSync(intoDir, { recursive: true });
  const copy = join(intoDir, 'breath-master.vsix');
  copyFileSync(builtVsix, copy);
  return copy;
}

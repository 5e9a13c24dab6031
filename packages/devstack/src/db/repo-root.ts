import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatabaseError } from './errors.ts';

// The repository holding supabase/: found by walking up from this module (not the working directory), so
// the devstack finds the migrations whichever workspace, script or test runner imports it.

export function findRepoRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'supabase', 'config.toml')) || isWorkspaceRoot(dir)) return dir;
    if (dir === parse(dir).root) break;
    dir = dirname(dir);
  }
  throw new DatabaseError(
    'repo_root_not_found',
    `no folder above ${from} holds supabase/config.toml or a package.json with workspaces`,
  );
}

function isWorkspaceRoot(dir: string): boolean {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return false;
  try {
    return 'workspaces' in (JSON.parse(readFileSync(file, 'utf8')) as object);
  } catch {
    return false;
  }
}

export function defaultMigrationsDir(): string {
  return join(findRepoRoot(), 'supabase', 'migrations');
}

export function defaultSeedFile(): string {
  return join(findRepoRoot(), 'supabase', 'seed.sql');
}

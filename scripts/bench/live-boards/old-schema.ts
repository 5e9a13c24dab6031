import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../lib/report.ts';

// The design before live boards: every migration up to and including this one. A stack started on
// a copy of just those files is the baseline the new design is measured against in the same run.
export const LAST_OLD_MIGRATION = '20261203090000';

export async function copyOldMigrations(): Promise<{
  dir: string;
  files: number;
  remove: () => Promise<void>;
}> {
  const source = join(repoRoot, 'supabase', 'migrations');
  const dir = await mkdtemp(join(tmpdir(), 'old-migrations-'));
  const files = (await readdir(source)).filter(
    (f) => /^\d+_.*\.sql$/.test(f) && f.slice(0, 14) <= LAST_OLD_MIGRATION,
  );
  for (const file of files) await copyFile(join(source, file), join(dir, file));
  return { dir, files: files.length, remove: () => rm(dir, { recursive: true, force: true }) };
}

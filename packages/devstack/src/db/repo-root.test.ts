import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, findRepoRoot } from './repo-root.ts';

const temp = await mkdtemp(join(tmpdir(), 'devstack-root-'));
afterAll(() => rm(temp, { recursive: true, force: true }));

describe('findRepoRoot', () => {
  it('finds this repository from the module, whatever the working directory', () => {
    expect(existsSync(join(findRepoRoot(), 'supabase', 'config.toml'))).toBe(true);
    expect(defaultMigrationsDir()).toBe(join(findRepoRoot(), 'supabase', 'migrations'));
  });

  it('stops at a folder with supabase/config.toml or a workspaces package.json', async () => {
    await mkdir(join(temp, 'a', 'supabase'), { recursive: true });
    await writeFile(join(temp, 'a', 'supabase', 'config.toml'), '');
    await mkdir(join(temp, 'a', 'packages', 'x', 'src'), { recursive: true });
    await writeFile(join(temp, 'a', 'packages', 'x', 'package.json'), '{"name": "x"}');
    expect(findRepoRoot(join(temp, 'a', 'packages', 'x', 'src'))).toBe(join(temp, 'a'));
    await mkdir(join(temp, 'b', 'lib'), { recursive: true });
    await writeFile(join(temp, 'b', 'package.json'), '{"workspaces": ["lib"]}');
    expect(findRepoRoot(join(temp, 'b', 'lib'))).toBe(join(temp, 'b'));
  });

  it('says where it looked when there is no repository above', () => {
    expect(() => findRepoRoot(temp)).toThrow(expect.objectContaining({ code: 'repo_root_not_found' }));
  });
});

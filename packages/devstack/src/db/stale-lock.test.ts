import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeStaleLock } from './stale-lock.ts';

const folders: string[] = [];
afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function dataDirWithLock(pid: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'stale-lock-'));
  folders.push(dir);
  await writeFile(join(dir, 'postmaster.pid'), `${pid}\n/some/data\n1700000000\n5432\n`);
  return dir;
}

describe('removeStaleLock', () => {
  it('removes a lock whose PID no longer exists, or now belongs to another program, and says why', async () => {
    const gone = await dataDirWithLock(2 ** 22 + 7);
    expect(await removeStaleLock(gone)).toMatch(/no longer exists/);
    expect(await readdir(gone)).toEqual([]);

    const reused = await dataDirWithLock(process.pid);
    expect(await removeStaleLock(reused)).toMatch(/another program/);
    expect(await readdir(reused)).toEqual([]);
  });

  it('keeps the lock of a running PostgreSQL, and does nothing without a lock', async () => {
    // A process whose name is `postgres` stands in for a live server.
    const bin = await mkdtemp(join(tmpdir(), 'stale-lock-bin-'));
    folders.push(bin);
    await copyFile('/bin/sleep', join(bin, 'postgres'));
    const server = spawn(join(bin, 'postgres'), ['30'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => server.once('spawn', resolve));
      const live = await dataDirWithLock(server.pid ?? 0);
      expect(await removeStaleLock(live)).toBeNull();
      expect(await readdir(live)).toEqual(['postmaster.pid']);
    } finally {
      server.kill('SIGKILL');
    }
    const empty = await mkdtemp(join(tmpdir(), 'stale-lock-'));
    folders.push(empty);
    expect(await removeStaleLock(empty)).toBeNull();
  });
});

import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

// A stack killed outright (SIGKILL, OOM, power cut) leaves `postmaster.pid` behind. PostgreSQL ignores
// it when its PID is gone, but refuses to start ("lock file already exists") when that PID still answers:
// an unreaped zombie of the dead postmaster (common in containers whose PID 1 reaps slowly) or an
// unrelated process that reused the number. Only then is the file removed: a live PostgreSQL keeps it.

type ProcessState = 'absent' | 'zombie' | 'postgres' | 'other' | 'unknown';

async function processState(pid: number): Promise<ProcessState> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return 'unknown';
    // No /proc at all (not Linux): say nothing rather than guess.
    try {
      await readFile('/proc/self/stat', 'utf8');
      return 'absent';
    } catch {
      return 'unknown';
    }
  }
  // "pid (comm) state ...": comm may hold spaces and parentheses, so split at the last ')'.
  const close = stat.lastIndexOf(')');
  const comm = stat.slice(stat.indexOf('(') + 1, close);
  const state = stat.slice(close + 2, close + 3);
  if (state === 'Z' || state === 'X') return 'zombie';
  return comm === 'postgres' || comm === 'postmaster' ? 'postgres' : 'other';
}

/**
 * Removes `<dataDir>/postmaster.pid` when the process it names is not a running PostgreSQL, and says
 * why; returns null when there is nothing to remove (no file, a live server, or no way to tell).
 */
export async function removeStaleLock(dataDir: string): Promise<string | null> {
  const lockFile = join(dataDir, 'postmaster.pid');
  let content: string;
  try {
    content = await readFile(lockFile, 'utf8');
  } catch {
    return null;
  }
  const pid = Number.parseInt(content.split('\n', 1)[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const state = await processState(pid);
  if (state === 'postgres' || state === 'unknown') return null;
  await unlink(lockFile);
  const why = {
    absent: 'no longer exists',
    zombie: 'is a dead process not yet reaped',
    other: 'now belongs to another program',
  }[state];
  return `removed the stale ${lockFile} left by a server that stopped abruptly (PID ${pid} ${why})`;
}

import { readdirSync, readFileSync } from 'node:fs';

// What the kernel knows about the benchmark's processes: resident memory, CPU time and the core
// each one last ran on, read from /proc (Linux).

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every mainstream Linux build.
const TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name, which may itself hold spaces and ')'. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

// Field n of proc(5) is index n - 3 here (pid and comm come before).
const PPID = 4 - 3;
const UTIME = 14 - 3;
const STIME = 15 - 3;
const PROCESSOR = 39 - 3;

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** CPU seconds (user + system, all threads) the process has used so far; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (fields === null) return Number.NaN;
  return (Number(fields[UTIME]) + Number(fields[STIME])) / TICKS_PER_SECOND;
}

/** The CPU the process's main thread last ran on, or null once it is gone. */
export function lastCpu(pid: number): number | null {
  const fields = statFields(pid);
  return fields === null ? null : Number(fields[PROCESSOR]);
}

export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(statFields(Number(entry))?.[PPID]);
    if (Number.isFinite(ppid)) children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift() as number) ?? []) {
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/** CPU seconds the whole machine has spent busy (not idle, not waiting on I/O), all cores together. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...ticks] = line.trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return (total - idle) / TICKS_PER_SECOND;
}

import { readdirSync, readFileSync } from 'node:fs';

// What the kernel knows about the benchmarks' processes: resident memory, CPU time, the core each
// one last ran on and who started whom, read from /proc (Linux). Every benchmark reads /proc here.

// USER_HZ: the unit of utime/stime in /proc/<pid>/stat; 100 on every mainstream Linux build.
export const TICKS_PER_SECOND = 100;

// The command name (field 2) may itself hold spaces and ')': fields are counted after its last ')'.
// Field n of proc(5) is index n - 3 here (pid and comm come before).
const PPID = 4 - 3;
const UTIME = 14 - 3;
const STIME = 15 - 3;
const PROCESSOR = 39 - 3;

export interface ProcStat {
  comm: string;
  ppid: number;
  /** User + system time of all threads, in clock ticks. */
  ticks: number;
  /** The core the main thread last ran on. */
  processor: number;
}

/** The fields of /proc/<pid>/stat the benchmarks use, or null once the process is gone. */
export function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return {
    comm: text.slice(text.indexOf('(') + 1, close),
    ppid: Number(fields[PPID]),
    ticks: Number(fields[UTIME]) + Number(fields[STIME]),
    processor: Number(fields[PROCESSOR]),
  };
}

/** Every process now, by pid. */
export function processTable(): Map<number, ProcStat> {
  const table = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) table.set(Number(entry), stat);
  }
  return table;
}

export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

/** CPU seconds (user + system, all threads) the process has used so far; NaN once it is gone. */
export function cpuSeconds(pid: number): number {
  const stat = readStat(pid);
  return stat === null ? Number.NaN : stat.ticks / TICKS_PER_SECOND;
}

/** The CPU the process's main thread last ran on, or null once it is gone. */
export function lastCpu(pid: number): number | null {
  return readStat(pid)?.processor ?? null;
}

/** Every process started, directly or not, by `root`, parents before their children. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of processTable()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
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

/** Busy (not idle, not waiting on I/O) and total clock ticks of the whole machine, all cores together. */
export function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...ticks] = line.trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU seconds the whole machine has spent busy, everyone's work included. */
export function machineBusySeconds(): number {
  return machineTicks().busy / TICKS_PER_SECOND;
}

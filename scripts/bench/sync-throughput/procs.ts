import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';

// Where the processes ran and how busy they were, from /proc: the gateway and the load generator
// each get their own core when there are two, PostgreSQL's backends float (they are forked by the
// postmaster, which was started before any pinning).

const TICKS_PER_SECOND = 100;

interface Stat {
  comm: string;
  ppid: number;
  /** User + system time of all threads, in clock ticks. */
  ticks: number;
  /** Field 39: the core the main thread last ran on. */
  processor: number;
}

function readStat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = text.lastIndexOf(')');
    // Fields after the command name start with field 3 (state).
    const fields = text.slice(close + 2).split(' ');
    const field = (n: number) => Number(fields[n - 3]);
    return {
      comm: text.slice(text.indexOf('(') + 1, close),
      ppid: field(4),
      ticks: field(14) + field(15),
      processor: field(39),
    };
  } catch {
    return null;
  }
}

/** True when this process may use two cores to split and taskset can split them. */
export function canPin(): boolean {
  return availableParallelism() >= 2 && spawnSync('taskset', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** Pins every thread of `pid` (threads started later inherit it). */
export function pinToCore(pid: number, core: number): boolean {
  if (!canPin()) return false;
  return (
    spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' }).status === 0
  );
}

/** The cores the kernel lets `pid` run on, e.g. "1" or "0-1". */
export function allowedCores(pid: number): string {
  try {
    return /Cpus_allowed_list:\s*(\S+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? '?';
  } catch {
    return '?';
  }
}

/** Busy and total clock ticks of the whole machine (everyone's work, not only ours). */
export function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** PostgreSQL processes under `root` (the postmaster and its backends). */
function postgresPids(root: number): number[] {
  const stats = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat) stats.set(Number(entry), stat);
  }
  const under = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid; p !== undefined && p > 1; p = stats.get(p)?.ppid) {
      if (p === root) return true;
    }
    return false;
  };
  return [...stats].filter(([pid, s]) => s.comm === 'postgres' && under(pid)).map(([pid]) => pid);
}

export type Role = 'gateway' | 'loader' | 'postgres';

export interface CpuUse {
  /** Percent of one core over the window, per role. */
  gateway: number;
  loader: number;
  postgres: number;
  /** Everything the machine ran, ours included: other people's work shows as the difference. */
  machine: number;
}

export interface Snapshot {
  /** Clock ticks per pid. */
  pids: Map<number, number>;
  machine: { busy: number; total: number };
}

/**
 * Samples the cores the busy processes run on while a round runs, and their CPU time over the
 * measured window. PostgreSQL's processes are listed afresh before each window (pools open backends).
 */
export class ProcessWatch {
  readonly cores: Record<Role, Map<number, number>> = {
    gateway: new Map(),
    loader: new Map(),
    postgres: new Map(),
  };
  private postgres: number[] = [];

  constructor(
    readonly gatewayPid: number,
    readonly loaderPid: number,
  ) {}

  refresh(): void {
    this.postgres = postgresPids(this.gatewayPid);
  }

  get postgresCount(): number {
    return this.postgres.length;
  }

  private pids(role: Role): number[] {
    return role === 'gateway' ? [this.gatewayPid] : role === 'loader' ? [this.loaderPid] : this.postgres;
  }

  /** CPU time so far; given `before`, also counts the core of each process busy since then. */
  snapshot(before?: Snapshot): Snapshot {
    const pids = new Map<number, number>();
    for (const role of ['gateway', 'loader', 'postgres'] as const) {
      for (const pid of this.pids(role)) {
        const stat = readStat(pid);
        if (!stat) continue;
        pids.set(pid, stat.ticks);
        const previous = before?.pids.get(pid);
        if (previous !== undefined && stat.ticks > previous) {
          const seen = this.cores[role];
          seen.set(stat.processor, (seen.get(stat.processor) ?? 0) + 1);
        }
      }
    }
    return { pids, machine: machineTicks() };
  }

  cpu(before: Snapshot, after: Snapshot, seconds: number): CpuUse {
    const percent = (role: Role) => {
      let ticks = 0;
      for (const pid of this.pids(role)) {
        ticks += Math.max(0, (after.pids.get(pid) ?? 0) - (before.pids.get(pid) ?? 0));
      }
      return (ticks / TICKS_PER_SECOND / seconds) * 100;
    };
    const busy = after.machine.busy - before.machine.busy;
    const total = after.machine.total - before.machine.total;
    return {
      gateway: percent('gateway'),
      loader: percent('loader'),
      postgres: percent('postgres'),
      // All the machine's cores, not availableParallelism(): that is 1 once this process is pinned.
      machine: total > 0 ? (busy / total) * cpus().length * 100 : Number.NaN,
    };
  }

  /** "core 0 (97%), core 1 (3%)" */
  describeCores(role: Role): string {
    const seen = [...this.cores[role]].sort(([a], [b]) => a - b);
    const total = seen.reduce((sum, [, n]) => sum + n, 0);
    if (total === 0) return 'not seen busy';
    return seen.map(([core, n]) => `core ${core} (${Math.round((n / total) * 100)}%)`).join(', ');
  }
}

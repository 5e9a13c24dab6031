import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { descendants, machineTicks, processTable, readStat, TICKS_PER_SECOND } from '../lib/procfs.ts';

// Where the processes ran and how busy they were, from /proc: the gateway and the load generator
// each get their own core when there are two, PostgreSQL's backends float (they are forked by the
// postmaster, which was started before any pinning).

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

/** PostgreSQL processes under `root` (the postmaster and its backends). */
function postgresPids(root: number): number[] {
  const table = processTable();
  return descendants(root).filter((pid) => table.get(pid)?.comm === 'postgres');
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

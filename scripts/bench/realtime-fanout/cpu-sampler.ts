import { cpus } from 'node:os';
import { cpuSeconds, lastCpu, machineBusySeconds } from '../lib/procfs.ts';

// On a small shared machine the load generators compete with the gateway for the same cores, so
// the report says how much CPU each process took during the measurement and where it ran. A
// process is counted on a core only for the intervals in which it used CPU.

const SAMPLE_INTERVAL_MS = 100;

export interface ProcessGroup {
  name: string;
  /** The group's pids now (PostgreSQL backends come and go). */
  pids: () => number[];
}

interface PidTrack {
  first: number;
  last: number;
}

export interface GroupUsage {
  name: string;
  cores: number;
  /** Share of the active intervals spent on each CPU, index = CPU number. */
  onCpu: number[];
}

export class CpuSampler {
  private readonly tracks = new Map<string, Map<number, PidTrack>>();
  private readonly tallies = new Map<string, number[]>();
  private timer: NodeJS.Timeout | undefined;
  private started = 0;
  private stopped = 0;
  private machineAtStart = 0;

  constructor(private readonly groups: readonly ProcessGroup[]) {}

  start(): void {
    this.started = performance.now();
    this.machineAtStart = machineBusySeconds();
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  /** Usage per group, and the cores the whole machine was busy on meanwhile. */
  stop(): Usage {
    clearInterval(this.timer);
    this.sample();
    this.stopped = performance.now();
    const seconds = (this.stopped - this.started) / 1000;
    const machineCores = (machineBusySeconds() - this.machineAtStart) / seconds;
    const groups = this.groups.map((group) => {
      let used = 0;
      for (const track of this.tracks.get(group.name)?.values() ?? []) used += track.last - track.first;
      const tally = this.tallies.get(group.name) ?? [];
      const total = tally.reduce((a, b) => a + b, 0);
      return {
        name: group.name,
        cores: used / seconds,
        onCpu: Array.from({ length: cpus().length }, (_, i) => (total ? (tally[i] ?? 0) / total : 0)),
      };
    });
    return { groups, machineCores };
  }

  private sample(): void {
    for (const group of this.groups) {
      let tracks = this.tracks.get(group.name);
      if (tracks === undefined) {
        tracks = new Map();
        this.tracks.set(group.name, tracks);
      }
      const tally = this.tallies.get(group.name) ?? [];
      this.tallies.set(group.name, tally);
      for (const pid of group.pids()) {
        const now = cpuSeconds(pid);
        const cpu = lastCpu(pid);
        if (Number.isNaN(now) || cpu === null) continue;
        const track = tracks.get(pid);
        if (track === undefined) {
          tracks.set(pid, { first: now, last: now });
          continue;
        }
        if (now > track.last) tally[cpu] = (tally[cpu] ?? 0) + 1;
        track.last = now;
      }
    }
  }
}

export interface Usage {
  groups: GroupUsage[];
  machineCores: number;
}

/** Cores used by processes outside the sampled groups: other work sharing the machine. */
export const otherCores = (usage: Usage): number =>
  Math.max(0, usage.machineCores - usage.groups.reduce((sum, u) => sum + u.cores, 0));

export function describeGroup(u: GroupUsage): string {
  const where = u.onCpu.map((share, cpu) => `cpu${cpu} ${(share * 100).toFixed(0)}%`).join(', ');
  return `${u.name}: ${u.cores.toFixed(2)} cores (${where} of its active samples)`;
}

export function describeUsage(usage: Usage): string[] {
  const lines = usage.groups.map(describeGroup);
  const others = otherCores(usage);
  lines.push(
    `everything else on the machine: ${others.toFixed(2)} cores (all busy: ${usage.machineCores.toFixed(2)})`,
  );
  return lines;
}

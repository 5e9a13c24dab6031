import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { cpuSeconds, descendants, lastCpu, machineTicks, readStat, rssMiB } from './procfs.ts';

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('/proc readings', () => {
  it('reads this process: its parent, CPU time, core and memory', () => {
    const stat = readStat(process.pid);
    expect(stat?.ppid).toBe(process.ppid);
    expect(stat?.ticks).toBeGreaterThanOrEqual(0);
    expect(cpuSeconds(process.pid)).toBeCloseTo((stat?.ticks ?? Number.NaN) / 100, 1);
    expect(lastCpu(process.pid)).toBeGreaterThanOrEqual(0);
    expect(rssMiB(process.pid)).toBeGreaterThan(10);
  });

  it('finds grandchildren among the descendants, and nothing for a process that is gone', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    children.push(child);
    const pid = child.pid as number;
    let below: number[] = [];
    for (let i = 0; i < 50 && below.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      below = descendants(pid);
    }
    expect(below).toHaveLength(1);
    expect(readStat(below[0] as number)?.comm).toBe('sleep');
    expect(descendants(process.pid)).toEqual(expect.arrayContaining([pid, below[0]]));
    expect(readStat(2 ** 22 + 1)).toBeNull();
    expect(cpuSeconds(2 ** 22 + 1)).toBeNaN();
    process.kill(below[0] as number, 'SIGKILL');
  });

  it('counts the machine busy and total ticks, busy never above total', () => {
    const { busy, total } = machineTicks();
    expect(total).toBeGreaterThan(0);
    expect(busy).toBeGreaterThan(0);
    expect(busy).toBeLessThanOrEqual(total);
  });
});

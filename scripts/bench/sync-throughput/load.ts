import { seededRandom } from '@breath-master/core/random';
import type { RoundResult } from './protocol.ts';

// The two load shapes. Closed loop: every device pushes again as soon as its answer arrives, which
// finds the most pushes per second the system serves with that many devices. Open loop: pushes arrive
// at a fixed mean rate whatever the answers do (Poisson, shared by the devices in turn, one push at a
// time per device as the sync client does), which shows the latency a device sees at that rate.

export type Push = (device: number) => Promise<void>;

interface Window {
  from: number;
  to: number;
}

class Tally {
  readonly latenciesMs: number[] = [];
  pushes = 0;
  errors = 0;
  firstError: string | null = null;

  constructor(private readonly window: Window) {}

  async time(push: Push, device: number, since: number): Promise<void> {
    try {
      await push(device);
    } catch (error) {
      this.errors += 1;
      this.firstError ??= error instanceof Error ? error.message : String(error);
      return;
    }
    const done = performance.now();
    if (done >= this.window.from && done <= this.window.to) {
      this.pushes += 1;
      this.latenciesMs.push(done - since);
    }
  }

  result(): RoundResult {
    return {
      type: 'result',
      pushes: this.pushes,
      seconds: (this.window.to - this.window.from) / 1000,
      latenciesMs: this.latenciesMs,
      errors: this.errors,
      firstError: this.firstError,
    };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function closedLoop(
  push: Push,
  devices: number,
  rampMs: number,
  measureMs: number,
): Promise<RoundResult> {
  const start = performance.now();
  const window = { from: start + rampMs, to: start + rampMs + measureMs };
  const tally = new Tally(window);
  await Promise.all(
    Array.from({ length: devices }, async (_, device) => {
      // Devices join over the first half of the ramp: a thousand connections at once would overflow
      // the server's listen backlog and measure SYN retries instead of the gateway.
      await sleep(((device / devices) * rampMs) / 2);
      for (;;) {
        const sent = performance.now();
        if (sent >= window.to) return;
        await tally.time(push, device, sent);
      }
    }),
  );
  return tally.result();
}

/** Exponential gaps (a Poisson process) from a seeded generator, so every round offers the same load. */
function exponential(seed: number): () => number {
  const random = seededRandom(seed);
  return () => -Math.log(1 - random());
}

export async function openLoop(
  push: Push,
  devices: number,
  ratePerSecond: number,
  rampMs: number,
  measureMs: number,
): Promise<RoundResult> {
  const start = performance.now();
  const window = { from: start + rampMs, to: start + rampMs + measureMs };
  const tally = new Tally(window);
  const queues: number[][] = Array.from({ length: devices }, () => []);
  const busy = new Set<Promise<void>>();
  const drain = async (device: number, queue: number[]): Promise<void> => {
    for (let arrival = queue[0]; arrival !== undefined; arrival = queue[0]) {
      // An overloaded system leaves a backlog that would be served after the window: drop it.
      if (performance.now() >= window.to) {
        queue.length = 0;
        return;
      }
      await tally.time(push, device, arrival);
      queue.shift();
    }
  };
  const gap = exponential(0x9e3779b9);
  let next = start;
  let arrivals = 0;
  while (next < window.to) {
    const now = performance.now();
    while (next <= now && next < window.to) {
      const device = arrivals % devices;
      const queue = queues[device] as number[];
      queue.push(next);
      if (queue.length === 1) {
        const running = drain(device, queue);
        busy.add(running);
        void running.finally(() => busy.delete(running));
      }
      arrivals += 1;
      next += (gap() * 1000) / ratePerSecond;
    }
    await sleep(Math.max(0, next - performance.now()));
  }
  await Promise.all(busy);
  return tally.result();
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { descendants } from '../lib/procfs.ts';
import { Child } from './child.ts';
import type { ConnectionCounter } from './footprint.ts';
import type {
  FromStack,
  FromSubscribers,
  FromWitness,
  StackOptions,
  ToSubscribers,
  ToWitness,
} from './protocol.ts';

// The benchmark's helper processes (the stack, the commit witness, the subscribers) and how they
// are all stopped, on error too.

export type StackChild = Child<{ type: 'stop' }, FromStack>;
export type SubscriberChild = Child<ToSubscribers, FromSubscribers>;
export type WitnessChild = Child<ToWitness, FromWitness>;

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/**
 * Every process and session a run started. Once stopping has begun (an error, or Ctrl-C while the
 * run goes on), nothing new may start, so that nothing outlives the benchmark.
 */
export class ProcessSet {
  stack: StackChild | null = null;
  witness: WitnessChild | null = null;
  readonly subscribers: SubscriberChild[] = [];
  /** Other benchmarks' helpers (added with `adopt`), stopped with the subscribers. */
  private readonly others: Child<{ type: 'stop' }, { type: string }>[] = [];
  private counter: ConnectionCounter | null = null;
  private stopping: Promise<void> | null = null;

  startStack(options: StackOptions = {}, label = 'stack process'): StackChild {
    this.assertRunning();
    // One line per migration file is more than a benchmark needs to show.
    this.stack = new Child(
      here('./stack-process.ts'),
      label,
      (line) => !line.startsWith('applied migration '),
      [JSON.stringify(options)],
    );
    return this.stack;
  }

  /** Starts another helper process, stopped (message `stop`) along with the subscribers. */
  adopt<In extends { type: string }, Out extends { type: string }>(
    file: string,
    label: string,
  ): Child<In, Out> {
    this.assertRunning();
    const child = new Child<In, Out>(file, label);
    this.others.push(child as unknown as Child<{ type: 'stop' }, { type: string }>);
    return child;
  }

  startWitness(): WitnessChild {
    this.assertRunning();
    this.witness = new Child(here('./witness-process.ts'), 'commit witness');
    return this.witness;
  }

  startSubscribers(count: number): SubscriberChild[] {
    for (let i = 1; i <= count; i++) {
      this.assertRunning();
      this.subscribers.push(new Child(here('./subscriber-process.ts'), `subscribers ${i}`));
    }
    return this.subscribers;
  }

  adoptCounter(counter: ConnectionCounter): ConnectionCounter {
    this.counter = counter;
    this.assertRunning();
    return counter;
  }

  /** Stops the load first (subscriber sockets close with their processes), then the stack and its PostgreSQL. */
  stopAll(): Promise<void> {
    this.stopping ??= (async () => {
      await this.counter?.close().catch(() => {});
      await Promise.all([
        ...this.subscribers.map((c) => c.stop({ type: 'stop' }, 5_000)),
        ...this.others.map((c) => c.stop({ type: 'stop' }, 5_000)),
        this.witness?.stop({ type: 'stop' }, 5_000),
      ]);
      const { stack } = this;
      let postmasters: number[] = [];
      await stack?.stop({ type: 'stop' }, 30_000, () => {
        postmasters = descendants(stack.pid).filter(isPostmaster);
      });
      // The stack had to be killed: its PostgreSQL must not outlive the benchmark (SIGINT: fast shutdown).
      for (const pid of postmasters.filter(isPostmaster)) process.kill(pid, 'SIGINT');
    })();
    return this.stopping;
  }

  private assertRunning(): void {
    if (this.stopping !== null) throw new Error('the benchmark is stopping');
  }
}

function isPostmaster(pid: number): boolean {
  try {
    return /(^|\/)postgres\0-D\0/.test(readFileSync(`/proc/${pid}/cmdline`, 'latin1'));
  } catch {
    return false;
  }
}

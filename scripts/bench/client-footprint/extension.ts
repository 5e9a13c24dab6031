import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { repoRoot } from '../lib/report.ts';
import type { ChildReport } from './activate-child.ts';

const extensionDir = join(repoRoot, 'extension');
const bundleFile = join(extensionDir, 'dist', 'extension.cjs');
const vsixFile = join(extensionDir, 'dist', 'breath-master.vsix');

/** Runs a command from the repository root; throws with its output when it fails. */
export function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...env, FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

export const gzipBytes = (data: Uint8Array): number => gzipSync(data, { level: 9 }).length;

export interface ExtensionSizes {
  bundleBytes: number;
  bundleGzipBytes: number;
  vsixBytes: number;
  /** What vsce reports, e.g. "6 files, 89.97 KB". */
  vsixSummary: string;
  /** Bytes of @supabase/* code in the bundle, from esbuild's metafile; null when it cannot tell. */
  supabaseBytes: number | null;
  /** The bundle as the metafile describes it; differs from bundleBytes only if the builds disagree. */
  metafileOutputBytes: number | null;
}

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

/**
 * The extension's own scripts, unchanged: the build once more with `--metafile` appended (so the
 * supabase-js share comes from the very options that ship), then `package`, which rebuilds the
 * same bundle and writes the .vsix.
 */
export function buildExtension(tmp: string): ExtensionSizes {
  const metafilePath = join(tmp, 'extension-meta.json');
  run('npm', ['run', 'build', '-w', 'breath-master', '--', `--metafile=${metafilePath}`]);
  const packaged = run('npm', ['run', 'package', '-w', 'breath-master']);
  const bundle = readFileSync(bundleFile);
  let supabaseBytes: number | null = null;
  let metafileOutputBytes: number | null = null;
  try {
    const meta = JSON.parse(readFileSync(metafilePath, 'utf8')) as Metafile;
    const output = Object.entries(meta.outputs).find(([file]) => file.endsWith('extension.cjs'))?.[1];
    if (output) {
      metafileOutputBytes = output.bytes;
      supabaseBytes = Object.entries(output.inputs)
        .filter(([input]) => /(^|\/)node_modules\/@supabase\//.test(input))
        .reduce((sum, [, { bytesInOutput }]) => sum + bytesInOutput, 0);
    }
  } catch {
    // No metafile (an esbuild that ignores the flag): the figure goes without a baseline.
  }
  return {
    bundleBytes: bundle.length,
    bundleGzipBytes: gzipBytes(bundle),
    vsixBytes: statSync(vsixFile).size,
    vsixSummary: /Packaged: .*\(([^)]*)\)/.exec(packaged)?.[1] ?? '',
    supabaseBytes,
    metafileOutputBytes,
  };
}

/**
 * Two plain-JavaScript files in `tmp`: the benchmark support module bundled as the extension is
 * (CommonJS, node20, minified) with `vscode` resolved to the fake host, and the child runner.
 */
export async function buildActivationFiles(tmp: string): Promise<{ bundle: string; child: string }> {
  const resolve = createRequire(import.meta.url).resolve;
  const bundle = join(tmp, 'activate-timing.cjs');
  const child = join(tmp, 'activate-child.mjs');
  await build({
    entryPoints: [resolve('breath-master/test-support/activate-timing')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    alias: { vscode: resolve('breath-master/test-support/fake-vscode') },
    outfile: bundle,
    logLevel: 'warning',
  });
  await build({
    entryPoints: [fileURLToPath(new URL('./activate-child.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile: child,
    logLevel: 'warning',
  });
  return { bundle, child };
}

export function runActivationChild(files: { bundle: string; child: string }, warm: number): ChildReport {
  // A loader inherited through NODE_OPTIONS would run in the child and be measured with it.
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const out = run(process.execPath, [files.child, files.bundle, String(warm)], env);
  const report = JSON.parse(out.trim().split('\n').at(-1) ?? '') as ChildReport;
  // Far fewer means activate() failed half-way or the fake host changed: the timing would mislead.
  if (report.firstDisposables < 12) {
    throw new Error(`activate() registered only ${report.firstDisposables} disposables`);
  }
  return report;
}

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The shipped artefact, not the sources: bundle the extension exactly as `npm run build` does, load
// it with Node's own require (the way the extension host does), and drive it through the fake host.
const root = fileURLToPath(new URL('..', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'breath-master-bundle-'));
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    scripts: { build: string };
  };
  expect(manifest.scripts.build).toContain(
    '--format=cjs --platform=node --target=node20 --external:vscode --minify',
  );
  await build({
    entryPoints: [join(root, 'src/extension.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    outfile: join(dir, 'extension.cjs'),
    logLevel: 'silent',
  });
  // The fake host becomes the `vscode` module the bundle requires.
  await mkdir(join(dir, 'node_modules/vscode'), { recursive: true });
  await build({
    entryPoints: [join(root, 'src/test-support/fake-vscode.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    outfile: join(dir, 'node_modules/vscode/index.js'),
    logLevel: 'silent',
  });
  await writeFile(join(dir, 'package.json'), '{"type":"commonjs"}');
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the bundled extension', () => {
  it('loads with require, activates, and breathes through its commands', async () => {
    const require = createRequire(join(dir, 'extension.cjs'));
    const host = require('vscode');
    const extension = require('./extension.cjs');
    expect(Object.keys(extension).sort()).toEqual(['activate', 'deactivate']);
    const context = host.createFakeContext();
    extension.activate(context);
    expect(host.fake.statusBarItems[0].text).toBe('$(pulse) Breathe');
    await host.commands.executeCommand('breathMaster.start');
    expect(host.fake.statusBarItems[0].text).toMatch(/^\$\(circle-small-filled\) Breathe in [1-4]$/);
    await host.commands.executeCommand('breathMaster.stop');
    expect(host.fake.statusBarItems[0].text).toBe('$(pulse) Breathe');
    for (const d of context.subscriptions) d.dispose();
  });
});

import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { clientInfo, clientVersion } from './version.ts';

describe('clientVersion', () => {
  it('is the version in package.json', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(clientVersion).toBe(pkg.version);
  });

  it('is announced as breath-master-sync/<semver>, the form the server parses', () => {
    expect(clientInfo).toMatch(/^breath-master-sync\/\d+\.\d+\.\d+/);
  });
});
